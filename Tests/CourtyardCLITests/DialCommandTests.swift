import CourtyardCallCenter
import CourtyardCLI
import Foundation
import Testing

/// `courtyard dial` end to end against in-test nodes, and its argument checks.
@Suite struct DialCommandTests {
    static func arguments(nodes: String, rate: Double = 600, duration: Int = 3) -> DialArguments {
        var a = DialArguments()
        a.nodes = nodes
        a.rate = rate
        a.duration = duration
        a.token = "t0k"
        a.agents = "none"
        a.residents = "none"
        a.speed = 100
        a.drain = 30
        a.statusEvery = 1
        a.connectTimeout = 5
        a.seed = 42
        return a
    }

    /// Talks of 2–4 s, so a run's length does not hang on the long tail of talk times; and
    /// callers patient enough (2–5 s, 10 s of silence) that a loaded machine's slow replies
    /// do not turn the fake node's scripted answers into abandons.
    static func shortTalks(_ plan: DialPlan) -> DialPlan {
        var p = plan
        p.settings.behaviour.talk = DialDuration(medianMs: 2_500, sigma: 0.3, minMs: 2_000, maxMs: 4_000)
        p.settings.behaviour.patience = DialDuration(medianMs: 3_000, sigma: 0.3, minMs: 2_000, maxMs: 5_000)
        p.settings.silenceMs = 10_000
        return p
    }

    /// Starts `node`, runs `body` with its port, then stops it.
    static func withNode<T: Sendable>(_ node: DialFakeNode, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, cont) = AsyncStream<Int>.makeStream()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await node.serve { cont.yield($0) }
                return nil
            }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw TestFailure("the fake node did not start") }
            let result = try await body(port)
            group.cancelAll()
            return result
        }
    }

    final class Lines: @unchecked Sendable {
        // @unchecked: `lines` is guarded by `lock`.
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }

    // MARK: Against a fake node

    @Test func summary_matchesWhatTheNodeSaw_andBadCommandsAreCountedAsProtocolErrors() async throws {
        let node = DialFakeNode(site: "fake-a")
        let lines = Lines()
        let outcome = try await Self.withNode(node) { port in
            let plan = try Self.shortTalks(Self.arguments(nodes: "ws://127.0.0.1:\(port)").plan(environmentToken: nil, localHour: 10))
            return await DialRunner(plan: plan, residents: [], agents: NoDialAgents(), log: { lines.add($0) }).run()
        }
        let t = await node.tally
        let f = outcome.figures
        #expect(outcome.connected)
        #expect(t.refusedFrames == 0, "every frame dial sent passed the node's validator")
        #expect(f.offered > 5 && f.offered == t.offered, "\(f) vs \(t)")
        #expect(f.answered == t.answered && f.answered == (t.offered + 3) / 4)
        #expect(f.abandoned == t.abandoned && f.abandoned == (t.offered + 2) / 4)
        #expect(f.voicemail == t.voicemail && f.voicemail == t.offered / 4)
        #expect(f.endedByNode == t.hungUpByNode)
        #expect(f.protocolErrors == t.badFramesSent && t.badFramesSent == 3, "\(lines.all)")
        #expect(f.completed == f.answered && t.callRecordings == f.answered)
        #expect(f.queued + f.ringing + f.talking + f.inIVR == 0 && f.cutAtEnd == 0)
        #expect(lines.all.contains { $0.contains("offered") && $0.contains("abandoned") }, "live status lines")
        #expect(lines.all.contains { $0.contains("refused a frame") })
    }

    @Test func nodeDiesMidRun_callsFailOverToTheOtherNode_withTheirIds() async throws {
        let a = DialFakeNode(site: "fake-a", dieAfterOffers: 8)
        let b = DialFakeNode(site: "fake-b")
        let lines = Lines()
        var base = Self.arguments(nodes: "", rate: 300, duration: 6)
        base.speed = 20  // talks long enough that some are in progress when node a dies
        let template = base
        let outcome = try await Self.withNode(a) { portA in
            try await Self.withNode(b) { portB in
                var args = template
                args.nodes = "127.0.0.1:\(portA),127.0.0.1:\(portB)"
                let plan = Self.shortTalks(try args.plan(environmentToken: nil, localHour: 10))
                return await DialRunner(plan: plan, residents: [], agents: NoDialAgents(), log: { lines.add($0) }).run()
            }
        }
        let ta = await a.tally
        let tb = await b.tally
        #expect(outcome.connected)
        #expect(ta.offered == 8)
        #expect(tb.hellos >= 2, "b welcomed its own connection and the failed-over one: \(tb)")
        #expect(tb.helloCalls > 0, "the failover hello listed the calls held for a: \(lines.all)")
        #expect(outcome.figures.failovers >= 1)
        #expect(ta.offered + tb.offered == outcome.figures.offered)
        #expect(ta.refusedFrames == 0 && tb.refusedFrames == 0)
        #expect(lines.all.contains { $0.contains("lost") && $0.contains("calls held") })
    }

    @Test func autoAgents_logInAtEachNode_andAnAgentOfAnotherSiteCountsAsOverflow() async throws {
        // Both nodes ring dial-n2-a1, the agent dial logs in at node 2 (site fake-b).
        let residents = ["+8613800000001", "+8613800000002"]
        let a = DialFakeNode(site: "fake-a", bridgeAgent: "dial-n2-a1", residentPhones: residents)
        let b = DialFakeNode(site: "fake-b", bridgeAgent: "dial-n2-a1", residentPhones: residents)
        let lines = Lines()
        let outcome = try await Self.withNode(a) { portA in
            try await Self.withNode(b) { portB in
                var args = Self.arguments(nodes: "127.0.0.1:\(portA),127.0.0.1:\(portB)")
                args.agents = "auto"
                args.agentsPerNode = 2
                let plan = Self.shortTalks(try args.plan(environmentToken: nil, localHour: 10))
                let found = await DialDirectory.residentNumbers(nodes: plan.nodes)
                let pool = HTTPDialAgents(prefix: "dial", wrapUpMaxMs: 1_000)
                let outcome = await DialRunner(plan: plan, residents: found.numbers, agents: pool, log: { lines.add($0) }).run()
                await pool.logOutAll()
                return outcome
            }
        }
        let ta = await a.tally
        let tb = await b.tally
        #expect(ta.logins == 2 && tb.logins == 2 && ta.logouts == 2 && tb.logouts == 2, "\(ta) \(tb) \(lines.all)")
        #expect(ta.answered > 0 && tb.answered > 0)
        #expect(outcome.figures.overflows == ta.answered, "calls on fake-a answered by fake-b's agent")
        #expect(ta.wrapUpsDone + tb.wrapUpsDone > 0, "agents finished wrap-up through the API")
        let callers = ta.callers + tb.callers
        #expect(callers.contains { residents.contains($0) }, "callers drawn from the residents the nodes returned")
    }

    @Test func noNodeReachable_failsWithoutConnecting() async throws {
        var args = Self.arguments(nodes: "127.0.0.1:1")
        args.connectTimeout = 1
        let plan = try args.plan(environmentToken: nil, localHour: 10)
        let outcome = await DialRunner(plan: plan, residents: [], agents: NoDialAgents(), log: { _ in }).run()
        #expect(!outcome.connected)
        #expect(outcome.figures.offered == 0)
    }

    // MARK: Arguments

    @Test(arguments: [
        ("nodes", "", "--nodes"), ("nodes", "ftp://h:1", "scheme"), ("nodes", "ws://h", "HOST:PORT"),
        ("nodes", "ws://h:80/other", "path"), ("nodes", "h:0", "port"), ("nodes", "h:99999", "port"),
        ("rate", "0", "--rate"), ("rate", "-3", "--rate"), ("rate", "7000", "--rate"),
        ("duration", "0", "--duration"), ("duration", "90000", "--duration"),
        ("speed", "0.5", "--speed"), ("agents", "some", "--agents"), ("surge", "10:0:2", "--surge"),
        ("surge", "a:b:c", "--surge"), ("gatewayId", "-x", "--gateway-id"), ("curve", "zigzag", "--curve"),
    ])
    func badArgument_isAClearError(_ field: String, _ value: String, _ mentioned: String) {
        var a = Self.arguments(nodes: "ws://127.0.0.1:8080")
        switch field {
        case "nodes": a.nodes = value
        case "rate": a.rate = Double(value)!
        case "duration": a.duration = Int(value)!
        case "speed": a.speed = Double(value)!
        case "agents": a.agents = value
        case "surge": a.surges = [value]
        case "gatewayId": a.gatewayId = value
        default: a.curve = value
        }
        do {
            _ = try a.plan(environmentToken: nil, localHour: 10)
            Issue.record("\(field)=\(value) was accepted")
        } catch {
            #expect(error.message.contains(mentioned), "\(error.message)")
        }
    }

    @Test func token_comesFromTheFlagOrTheEnvironment_andIsRequired() throws {
        var a = Self.arguments(nodes: "ws://127.0.0.1:8080")
        a.token = nil
        #expect(throws: DialUsageError.self) { try a.plan(environmentToken: nil, localHour: 10) }
        #expect(try a.plan(environmentToken: "from-env", localHour: 10).settings.token == "from-env")
        a.token = "flag"
        #expect(try a.plan(environmentToken: "from-env", localHour: 10).settings.token == "flag")
    }

    @Test func agentsPerNode_oneCountForAll_orOnePerNode_andAgentKeyWeightBounded() throws {
        var a = Self.arguments(nodes: "127.0.0.1:8080,127.0.0.1:8081")
        a.agentsPerNode = 3
        #expect(try a.plan(environmentToken: nil, localHour: 10).agentsPerNode == [3, 3])
        a.agentsPerNodeList = [0, 5]
        #expect(try a.plan(environmentToken: nil, localHour: 10).agentsPerNode == [0, 5])
        a.agentsPerNodeList = [1, 2, 3]
        #expect(throws: DialUsageError.self) { try a.plan(environmentToken: nil, localHour: 10) }
        a.agentsPerNodeList = [0, 201]
        #expect(throws: DialUsageError.self) { try a.plan(environmentToken: nil, localHour: 10) }
        a.agentsPerNodeList = []
        a.agentKeyWeight = 50
        #expect(try a.plan(environmentToken: nil, localHour: 10).settings.behaviour.agentKeyWeight == 50)
        a.agentKeyWeight = -1
        #expect(throws: DialUsageError.self) { try a.plan(environmentToken: nil, localHour: 10) }
    }

    @Test func nodeURLs_acceptTheUsualForms() throws {
        var a = Self.arguments(nodes: "ws://127.0.0.1:8080/cti/v1, http://[::1]:9000,node-b:7000,wss://hq.example:443")
        a.surges = ["60:120:5"]
        a.curve = "residential"
        a.dayStartHour = 8
        let plan = try a.plan(environmentToken: nil, localHour: 3)
        #expect(plan.nodes.map(\.ctiURL) == ["ws://127.0.0.1:8080/cti/v1", "ws://[::1]:9000/cti/v1",
                                             "ws://node-b:7000/cti/v1", "wss://hq.example:443/cti/v1"])
        #expect(plan.nodes[1].httpBase == "http://[::1]:9000")
        #expect(plan.settings.slots == 4)
        #expect(plan.settings.arrivals.surges == [DialSurge(startMs: 60_000, durationMs: 120_000, factor: 5)])
        #expect(plan.settings.arrivals.dayOffsetMs == 8 * 3_600_000)
    }

    @Test func jsonSummary_fromTheBinary_isOneObjectWithTheCounts() async throws {
        let node = DialFakeNode(site: "fake-json")
        let (status, stdout) = try await Self.withNode(node) { port in
            let p = Process()
            p.executableURL = NodeProcess.binary
            p.arguments = ["dial", "--nodes", "127.0.0.1:\(port)", "--rate", "600", "--duration", "2", "--speed", "100",
                           "--drain", "3", "--agents", "none", "--residents", "none", "--json", "--seed", "7"]
            p.environment = ["COURTYARD_CTI_TOKEN": "from-env"]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = Pipe()
            try p.run()
            let data = await readToEndAndWait(p, out.fileHandleForReading)
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(status == 0, "\(stdout)")
        let lines = stdout.split(separator: "\n")
        #expect(lines.count == 1, "stdout holds only the JSON summary: \(stdout)")
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
        for key in ["offered", "answered", "abandoned", "voicemail", "stickyHits", "sameAgentAgain", "overflows", "protocolErrors", "elapsedSeconds"] {
            #expect(object[key] != nil, "missing \(key) in \(stdout)")
        }
        let t = await node.tally
        #expect(object["offered"] as? Int == t.offered && t.offered > 0)
        #expect(object["answered"] as? Int == t.answered)
        #expect(object["voicemail"] as? Int == t.voicemail)
    }

    @Test func ctrlC_hangsUpTheCallsInProgress_andStillPrintsTheSummary() async throws {
        let node = DialFakeNode(site: "fake-int")
        let (status, stdout) = try await Self.withNode(node) { port in
            let p = Process()
            p.executableURL = NodeProcess.binary
            p.arguments = ["dial", "--nodes", "127.0.0.1:\(port)", "--rate", "600", "--duration", "600", "--speed", "10",
                           "--agents", "none", "--residents", "none", "--json", "--token", "t"]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = Pipe()
            try p.run()
            // Wait for calls to be offered (condition, with a deadline), then interrupt.
            let deadline = ContinuousClock.now + .seconds(20)
            while await node.tally.offered < 5, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            p.interrupt()
            let data = await readToEndAndWait(p, out.fileHandleForReading)
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(status == 0, "\(stdout)")
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
        let offered = object["offered"] as? Int ?? 0
        #expect(offered >= 5)
        #expect(object["cutAtEnd"] as? Int ?? 0 > 0, "calls were in progress when interrupted: \(stdout)")
    }

    @Test func badRate_fromTheBinary_exitsNonZeroWithTheReason() async throws {
        let p = Process()
        p.executableURL = NodeProcess.binary
        p.arguments = ["dial", "--nodes", "ws://127.0.0.1:1", "--rate", "0", "--duration", "5", "--token", "x"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = String(decoding: await readToEndAndWait(p, pipe.fileHandleForReading), as: UTF8.self)
        #expect(p.terminationStatus != 0)
        #expect(out.contains("--rate must be more than 0"), "\(out)")
    }
}
