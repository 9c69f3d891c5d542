// MARK: - What to send now

/// The runner's decision for one running campaign at one instant, computed purely from the
/// campaign, its rate bucket and its due messages, so rate and window behaviour is tested
/// over virtual time without actors.
public struct DispatchDecision: Hashable, Sendable {
    /// Messages to send now, in order; each has taken a token.
    public var send: [CampaignMessageID]
    /// The window has ended: fail what is left (`windowClosed`) and complete the campaign.
    public var windowClosed: Bool
    /// When to look again; nil when nothing is pending.
    public var wakeAtMs: Int64?
}

public enum CampaignDispatch {
    /// Decides which of `due` (queued or crash-interrupted messages whose `nextAttemptAtMs`
    /// has passed, in send order) go out now. `nextPendingMs` is the earliest
    /// `nextAttemptAtMs` among messages not yet due.
    public static func decide(_ campaign: Campaign, bucket: inout TokenBucket, due: [CampaignMessage],
                              nextPendingMs: Int64?, nowMs: Int64) -> DispatchDecision {
        guard campaign.status == .running else { return DispatchDecision(send: [], windowClosed: false, wakeAtMs: nil) }
        guard let openMs = campaign.window.nextOpenMs(nowMs: nowMs) else {
            return DispatchDecision(send: [], windowClosed: true, wakeAtMs: nil)
        }
        if openMs > nowMs {
            return DispatchDecision(send: [], windowClosed: false, wakeAtMs: openMs)
        }
        var send: [CampaignMessageID] = []
        for m in due where m.nextAttemptAtMs <= nowMs {
            guard bucket.take(nowMs: nowMs) else {
                return DispatchDecision(send: send, windowClosed: false, wakeAtMs: bucket.nextTokenMs(nowMs: nowMs))
            }
            send.append(m.id)
        }
        let wake = nextPendingMs.map { max($0, nowMs) }
        return DispatchDecision(send: send, windowClosed: false, wakeAtMs: wake)
    }
}
