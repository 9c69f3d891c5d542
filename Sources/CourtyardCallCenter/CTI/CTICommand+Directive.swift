// MARK: - Session directives as gateway commands

extension CTICommand {
    /// The gateway command for a call-session directive, or nil for directives the runtime
    /// carries out itself (hit counts, lookups, payments, tickets, the ledger).
    /// `endpoint` is the agent's phone endpoint (SIP URI or extension), known to the runtime.
    public static func from(_ d: CallSession.Directive, callId: CallID, gatewayCallId g: String,
                            endpoint: (AgentID) -> String) -> CTICommand? {
        switch d {
        case .play(let text, let announcement):
            .play(callId: callId, gatewayCallId: g, text: text, promptId: nil, announcement: announcement)
        case .collectDigits(let m, let t, let term):
            .collect(callId: callId, gatewayCallId: g, digitsMax: m, timeoutMs: t, terminator: term)
        case .enqueue(let q, let p):
            .enqueue(callId: callId, gatewayCallId: g, queue: q, priority: p)
        case .bridge(let a, let sticky):
            .bridge(callId: callId, gatewayCallId: g, agent: a, endpoint: endpoint(a), sticky: sticky)
        case .cancelBridge(let a):
            .cancelBridge(callId: callId, gatewayCallId: g, agent: a)
        case .voicemail(let m):
            .voicemail(callId: callId, gatewayCallId: g, maxDurationMs: m)
        case .hangUp:
            .hangUp(callId: callId, gatewayCallId: g, reason: nil)
        case .countHit, .readBills, .readInsurance, .recordPayment, .createTicket, .ended:
            nil
        }
    }
}
