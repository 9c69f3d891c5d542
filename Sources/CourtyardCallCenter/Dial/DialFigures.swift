// MARK: - Live figures and the final summary

/// What `courtyard dial` counts. Counters only grow; the gauges (`inIVR`, `queued`,
/// `ringing`, `talking`, `inVoicemail`) are the calls in each phase right now.
///
/// Definitions, from the gateway's side of the protocol:
/// - `offered`: `callOffered` sent; `notPlaced`: arrivals while no node was connected.
/// - `answered`: the simulated agent picked up (`answered` sent).
/// - `abandoned`: the caller's patience ran out while queued or ringing; `ivrHangUps`:
///   callers who gave up at an IVR prompt (not an abandon in the ledger's sense).
/// - `voicemail`: voice mails recorded (`recordingReady` sent after a `voicemail` command).
/// - `stickyHits`: calls answered by an agent the node rang as the caller's last agent
///   (`bridge` with `sticky: true`) — the ledger's definition, so the two can be compared.
/// - `sameAgentAgain`: answered calls from a caller whose previous answered call (in this
///   run) had the same agent — what the caller experiences, sticky routing or chance.
/// - `ringGroupAnswers`: answered calls that were ringing two or more agents' phones at once
///   (a ring-all queue's `bridge` legs) when one picked up.
/// - `overflows`: answered calls whose agent is logged in at another site than the node
///   that took the call (known for the simulated agents of `--agents auto`).
/// - `protocolErrors`: `protocolError` commands received plus frames from a node the
///   gateway refused (malformed, out of order, for unknown calls).
public struct DialFigures: Hashable, Sendable, Codable {
    public var offered = 0
    public var notPlaced = 0
    public var answered = 0
    public var abandoned = 0
    public var ivrHangUps = 0
    public var voicemail = 0
    public var stickyHits = 0
    public var sameAgentAgain = 0
    public var overflows = 0
    public var ringGroupAnswers = 0
    public var transferred = 0
    /// Calls the node ended with `hangUp` (self-service done, or refused).
    public var endedByNode = 0
    /// Conversations that ended normally (caller or agent hung up after talking).
    public var completed = 0
    public var protocolErrors = 0
    /// Failovers: a dead connection's calls were handed to another node.
    public var failovers = 0
    /// Calls that ended while their node connection was down (the node never heard the end).
    public var lost = 0
    /// Calls still in progress when the drain time ran out (the callers hung up).
    public var cutAtEnd = 0

    public var inIVR = 0
    public var queued = 0
    public var ringing = 0
    public var talking = 0
    public var inVoicemail = 0

    public init() {}

    /// One status line for the terminal.
    public func statusLine(elapsedMs: Int64) -> String {
        let s = elapsedMs / 1000
        return "[\(s / 60):\(s % 60 < 10 ? "0" : "")\(s % 60)] offered \(offered) · ivr \(inIVR) · queued \(queued)"
            + " · ringing \(ringing) · talking \(talking) · answered \(answered) · abandoned \(abandoned)"
            + " · voicemail \(voicemail) · sticky \(stickyHits) · overflow \(overflows) · errors \(protocolErrors)"
    }

    /// The final summary, a few lines for a person.
    public func summaryText(elapsedMs: Int64) -> String {
        let served = answered + voicemail + endedByNode
        return """
            dial summary after \(elapsedMs / 1000) s
              offered \(offered) (not placed \(notPlaced)), answered \(answered), abandoned \(abandoned), IVR hang-ups \(ivrHangUps)
              voicemail \(voicemail), ended by node \(endedByNode), transferred \(transferred), served \(served)
              sticky hits \(stickyHits) (same agent again \(sameAgentAgain)), ring groups \(ringGroupAnswers), overflows \(overflows), failovers \(failovers), lost \(lost), cut at end \(cutAtEnd), protocol errors \(protocolErrors)
              still in progress: ivr \(inIVR), queued \(queued), ringing \(ringing), talking \(talking), voicemail \(inVoicemail)
            """
    }
}
