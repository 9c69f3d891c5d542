import ArgumentParser
import CourtyardCallCenter
import Foundation

// MARK: - courtyard dial

/// `courtyard dial`: the load generator and the demo's telephone — a CTI gateway whose
/// callers are simulated (docs/cti.md, "courtyard dial").
struct DialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dial",
        abstract: "Generate realistic call traffic against one or several nodes and print live figures.",
        discussion: """
            Connects as a telephony gateway to ws://HOST:PORT/cti/v1 on each node, offers calls \
            (Poisson arrivals at --rate, optionally on a daily curve with surges) from the site's \
            residents and unknown numbers, navigates the IVR, waits with limited patience, talks \
            to (simulated) agents and leaves voice mails. Live figures go to stderr every few \
            seconds; the summary at the end (one JSON object on stdout with --json). Exits \
            non-zero when no node could be reached.
            """)

    @Option(help: "Nodes, comma-separated: ws://HOST:PORT, http://HOST:PORT or HOST:PORT.")
    var nodes: String

    @Option(help: "Mean calls per minute (before the curve and surges).")
    var rate: Double

    @Option(help: "Seconds during which new calls arrive (1–86400).")
    var duration: Int

    @Option(help: "Seed of the traffic model: the same seed gives the same callers and choices.")
    var seed: UInt64 = 1

    @Flag(help: "Print the final summary as one JSON object on stdout.")
    var json = false

    @Option(help: "The gateway token (default: the environment variable COURTYARD_CTI_TOKEN).")
    var token: String?

    @Option(help: "auto: log simulated agents in through the node's agent API; none: the node's own agents answer.")
    var agents = "auto"

    @Option(help: "Simulated agents per node with --agents auto: one count for every node, or one per node in --nodes order (e.g. 0,4).")
    var agentsPerNode = "4"

    @Option(help: "How much callers prefer 0 (人工服务) in the IVR: its weight against any other key (1).")
    var agentKeyWeight = DialBehaviour().agentKeyWeight

    @Option(help: "The gateway id sent in hello.")
    var gatewayId = "dial"

    @Option(help: "The hotline number callers dial.")
    var dialled = "4008101234"

    @Option(help: "Arrival curve over the day: flat or residential.")
    var curve = "flat"

    @Option(help: "Hour of the day (0–23) the curve starts at (default: the local hour).")
    var dayStart: Int?

    @Option(help: "Curve time per run time: 1 = real time, 1440 = a day per minute.")
    var daySpeed = 1.0

    @Option(help: "A surge START:LENGTH:FACTOR in seconds from the start (repeatable), e.g. 60:120:5.")
    var surge: [String] = []

    @Option(help: "Run the callers' and agents' times this many times faster (1–1000).")
    var speed = 1.0

    @Option(help: "Share of calls from numbers the site does not know (0–1).")
    var unknownShare = 0.15

    @Option(help: "Share of calls from someone who called earlier in the run (0–1).")
    var returnShare = 0.2

    @Option(help: "auto: draw callers from the nodes' residents; none: unknown numbers only.")
    var residents = "auto"

    @Option(help: "Seconds between live status lines.")
    var statusEvery = 5

    @Option(help: "Seconds calls in progress may take to finish after the arrivals stop.")
    var drain = 60

    @Option(help: "Seconds to wait for a first node to welcome the gateway.")
    var connectTimeout = 10

    var arguments: DialArguments {
        var a = DialArguments()
        a.nodes = nodes
        a.rate = rate
        a.duration = duration
        a.seed = seed
        a.json = json
        a.token = token
        a.agents = agents
        let counts = agentsPerNode.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: .whitespaces)) ?? -1 }
        if counts.count == 1 { a.agentsPerNode = counts[0] } else { a.agentsPerNodeList = counts }
        a.agentKeyWeight = agentKeyWeight
        a.gatewayId = gatewayId
        a.dialled = dialled
        a.curve = curve
        a.dayStartHour = dayStart
        a.daySpeed = daySpeed
        a.surges = surge
        a.speed = speed
        a.unknownShare = unknownShare
        a.returnShare = returnShare
        a.residents = residents
        a.statusEvery = statusEvery
        a.drain = drain
        a.connectTimeout = connectTimeout
        return a
    }

    func run() async throws {
        let hour = Calendar.current.component(.hour, from: Date())
        let plan: DialPlan
        do {
            plan = try arguments.plan(environmentToken: ProcessInfo.processInfo.environment["COURTYARD_CTI_TOKEN"], localHour: hour)
        } catch {
            throw ValidationError(error.message)
        }
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        var numbers: [String] = []
        if plan.fetchResidents {
            let found = await DialDirectory.residentNumbers(nodes: plan.nodes)
            numbers = found.numbers
            log(found.note)
        }
        let pool: any DialAgentPool = plan.autoAgents ? HTTPDialAgents(prefix: plan.settings.gatewayId, wrapUpMaxMs: plan.settings.behaviour.wrapUp.maxMs) : NoDialAgents()
        log("dialling \(plan.nodes.map(\.ctiURL).joined(separator: ", ")) at \(plan.settings.arrivals.ratePerMinute) calls/min for \(plan.settings.durationMs / 1000) s, seed \(plan.settings.seed)")
        let outcome = await DialRunner(plan: plan, residents: numbers, agents: pool, log: log).run(stopOnInterrupt: true)
        await pool.logOutAll()
        guard outcome.connected else {
            log("error: could not connect to any node (\(plan.nodes.map(\.ctiURL).joined(separator: ", ")))")
            throw ExitCode(2)
        }
        if plan.json {
            print(DialSummaryJSON(outcome).text)
            log(outcome.figures.summaryText(elapsedMs: outcome.elapsedMs))
        } else {
            print(outcome.figures.summaryText(elapsedMs: outcome.elapsedMs))
        }
    }
}

/// The `--json` summary: the figures of `DialFigures` plus the run's length, keys sorted.
struct DialSummaryJSON {
    let outcome: DialOutcome

    init(_ outcome: DialOutcome) { self.outcome = outcome }

    private struct Body: Encodable {
        var elapsedSeconds: Double
        var figures: DialFigures

        func encode(to encoder: any Encoder) throws {
            try figures.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(elapsedSeconds, forKey: .elapsedSeconds)
        }

        enum Key: String, CodingKey { case elapsedSeconds }
    }

    var text: String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let body = Body(elapsedSeconds: Double(outcome.elapsedMs) / 1_000, figures: outcome.figures)
        return (try? enc.encode(body)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
