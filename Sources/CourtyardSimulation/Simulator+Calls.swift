import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Residents calling

extension Simulator {
    /// A resident of site `home` calls: the serving node answers with its IVR (the real
    /// `CallSession` on `IVRMenu.demo`), and the caller presses keys from the scenario's mix.
    mutating func callArrives(_ home: Int) {
        stats.calls += 1
        guard let i = servingNode(home: home, key: "call-\(stats.calls)") else {
            stats.callsDropped += 1
            return
        }
        cc.sequence += 1
        let id = CallID("\(siteIDs[i].rawValue):c\(cc.sequence)")
        let recent = cc.recentCallers[home]
        let returning = rng.chance(scenario.callCenter.returningRate) && !recent.isEmpty
        let number = returning ? recent[rng.below(recent.count)] : String(13_900_000_000 + Int64(cc.sequence))
        let caller = try? PhoneNumber(parsing: number)
        let script = drawScript()
        var session = CallSession(callID: id, caller: caller, menu: cc.centers[i].menu, notices: [], nowMs: acdNow(i))
        let out = (try? session.start(nowMs: acdNow(i))) ?? []
        let selfService = ["1", "2", "4"].contains(script.first ?? "")
        cc.calls[id] = SimCall(id: id, home: home, owner: i, ownerLife: nodes[i].life, number: number, caller: caller,
                               session: session, script: script, selfService: selfService,
                               previousAgent: returning ? cc.lastAgentOf[number] : nil)
        record("call", "\(id) home=\(siteIDs[home]) \(returning ? "returning " : "")keys=\(script.joined(separator: ","))")
        runSession(id, out)
    }

    /// The keys a caller will press: the first from the scenario's mix, the rest to finish
    /// that branch of the demo menu (and sometimes `*` `0` to reach an agent afterwards).
    mutating func drawScript() -> [String] {
        let keys = scenario.callCenter.ivrKeys
        let first = keys[rng.below(keys.count)]
        let thenAgent = rng.chance(0.3) ? ["*", "0"] : []
        switch first {
        case "1": return ["1"] + (rng.chance(0.5) ? ["0"] : [])
        case "2":
            let item = 1 + rng.below(3)
            return ["2", "\(item)", "1201#"] + (item == 2 ? ["1"] : []) + thenAgent
        case "3": return ["3", "\(1 + rng.below(5))"]
        case "4": return ["4", "\(1 + rng.below(7))"] + thenAgent
        case "5": return ["5", "\(1 + rng.below(2))"]
        case "#", "7": return [first, "0"]
        default: return [first]
        }
    }

    /// Carries out an IVR session's directives for call `id`.
    mutating func runSession(_ id: CallID, _ directives: [CallSession.Directive]) {
        for d in directives {
            guard let call = cc.calls[id] else { return }
            switch d {
            case .play, .countHit, .bridge, .cancelBridge, .hangUp: continue
            case .collectDigits:
                queue.push(atMs: nowMs + rng.int(in: 1_000...5_000), .callCenter(.callerKeys(id, token: call.token)))
            case .readBills:
                reply(id, .lookup(.bills(amountDueCents: 100 + rng.below(50_000))))
            case .readInsurance:
                reply(id, .lookup(.insurance(summary: "您的财产险保单有效期至2027年6月30日。")))
            case .recordPayment:
                reply(id, .payment(recorded: true))
            case .voicemail:
                let ms = rng.int(in: 10_000...60_000)
                let rec = CallSession.Recording(id: "rec-\(cc.sequence)-\(stats.calls)", durationMs: ms, bytes: ms * 16, format: "wav")
                queue.push(atMs: nowMs + ms, .callCenter(.ivrReply(id, token: call.token, .recording(rec))))
            case .createTicket(let request):
                cc.calls[id]?.ticketOpened = true
                openTicket(home: call.home, at: call.owner, request: request)
            case .enqueue(let q, let priority):
                enqueue(id, queue: q, emergency: priority == .emergency)
            case .ended(let outcome):
                callEnded(id, outcome)
            }
        }
    }

    mutating func reply(_ id: CallID, _ answer: IVRReply) {
        guard let call = cc.calls[id] else { return }
        queue.push(atMs: nowMs + rng.int(in: 200...1_500), .callCenter(.ivrReply(id, token: call.token, answer)))
    }

    mutating func ivrReply(_ id: CallID, token: Int, _ answer: IVRReply) {
        guard var call = cc.calls[id], call.token == token, isLive(call.owner, call.ownerLife) else { return }
        let now = acdNow(call.owner)
        let out: [CallSession.Directive]?
        switch answer {
        case .lookup(let a): out = try? call.session.onLookup(a, nowMs: now)
        case .payment(let ok): out = try? call.session.onPaymentResult(recorded: ok, nowMs: now)
        case .recording(let rec): out = try? call.session.onRecordingReady(rec, nowMs: now)
        }
        cc.calls[id] = call
        runSession(id, out ?? [])
    }

    /// The caller presses the next key of their script, or hangs up when it is done.
    mutating func callerKeys(_ id: CallID, token: Int) {
        guard var call = cc.calls[id], call.token == token, isLive(call.owner, call.ownerLife) else { return }
        let now = acdNow(call.owner)
        guard !call.script.isEmpty else {
            let out = (try? call.session.onHungUp(by: .caller, nowMs: now)) ?? [.ended(.abandoned(.ivr))]
            cc.calls[id] = call
            return runSession(id, out)
        }
        let key = call.script.removeFirst()
        let out: [CallSession.Directive]
        do { out = try call.session.onDigits(key, nowMs: now) } catch {
            record("ivr-refused", "\(id) \(key): \(error)")
            out = (try? call.session.onHungUp(by: .caller, nowMs: now)) ?? [.ended(.abandoned(.ivr))]
        }
        cc.calls[id] = call
        runSession(id, out)
    }

    // MARK: Queue and patience

    mutating func enqueue(_ id: CallID, queue q: QueueID, emergency: Bool) {
        guard var call = cc.calls[id] else { return }
        call.state = .queued
        call.token += 1
        cc.calls[id] = call
        armPatience(id)
        acd(call.owner, .callArrived(id, queue: q, caller: call.caller, emergency: emergency, nowMs: acdNow(call.owner)))
    }

    mutating func armPatience(_ id: CallID) {
        guard let call = cc.calls[id] else { return }
        let c = scenario.callCenter
        queue.push(atMs: nowMs + rng.int(in: c.patienceMinMs...c.patienceMaxMs), .callCenter(.patience(id, token: call.token)))
    }

    /// The caller's patience ran out while waiting or ringing: they hang up.
    mutating func patienceEnds(_ id: CallID, token: Int) {
        guard let call = cc.calls[id], call.token == token, call.state == .queued else { return }
        cc.calls[id] = nil
        if !call.answered { stats.callsAbandoned += 1 }
        record("abandon", "\(id)")
        if isLive(call.owner, call.ownerLife) { acd(call.owner, .callAbandoned(id, nowMs: acdNow(call.owner))) }
    }

    /// The session ended in the IVR (self-service done, or the caller gave up there).
    mutating func callEnded(_ id: CallID, _ outcome: CallSession.Outcome) {
        guard let call = cc.calls[id], call.state == .ivr else { return }
        cc.calls[id] = nil
        switch outcome {
        case .selfServed: stats.selfServed += 1
        case .abandoned where call.selfService: stats.selfServed += 1
        default: stats.callsAbandoned += 1
        }
        record("ivr-end", "\(id) \(outcome)")
    }

    // MARK: Callbacks

    /// An agent of site `i` calls back a missed call (回拨); retried while nobody is free.
    mutating func callback(_ i: Int, _ life: Int, _ id: CallID, attempt: Int) {
        guard isLive(i, life), nowMs < writesStopMs else { return }
        let acd = cc.centers[i].acd
        guard let agent = acd.agents.keys.sorted().first(where: { acd.agents[$0]?.state == .available }) else {
            if attempt < 5 { queue.push(atMs: nowMs + 120_000, .callCenter(.callback(site: i, life: life, id, attempt: attempt + 1))) }
            return
        }
        do {
            try cc.centers[i].acd.markCalledBack(id, by: agent, nowMs: acdNow(i))
            stats.callbacks += 1
            record("callback", "\(id) by \(agent)")
        } catch {
            record("callback-refused", "\(id): \(error)")
        }
    }
}
