import CourtyardCallCenter
import CourtyardCRDT

// MARK: - What the supervisor wall reads

/// Callers waiting in one queue of this site.
public struct QueueWaiting: Hashable, Sendable, Codable {
    public var queue: QueueID
    /// Calls not yet connected to an agent (waiting, ringing, or offered to another site).
    public var waiting: Int
    /// How long the longest-waiting of them has waited; 0 when none.
    public var longestWaitMs: Int64
}

/// The live call-center figures of a site: calls waiting per queue and the agents owned here.
public struct CallCenterWallSnapshot: Hashable, Sendable {
    public var site: SiteID
    public var nowMs: Int64
    public var waiting: Int
    public var longestWaitMs: Int64
    /// Every configured queue, by id.
    public var queues: [QueueWaiting]
    /// Agents whose console is on this site's node, by id.
    public var agents: [AgentView]
}

extension CallCenter {
    /// The wall's figures at the current wall time.
    public func wallSnapshot() -> CallCenterWallSnapshot {
        let now = nowMs
        let unanswered = acd.calls.values.filter {
            if case .connected = $0.phase { return false }
            return true
        }
        let queues = configuration.acd.queues.map { q in
            let mine = unanswered.filter { $0.queue == q.id }
            return QueueWaiting(queue: q.id, waiting: mine.count,
                                longestWaitMs: mine.map { max(0, now - $0.arrivedMs) }.max() ?? 0)
        }
        let agents = acd.presence.records.keys.sorted().compactMap { id -> AgentView? in
            guard let record = acd.presence.records[id], record.site == site else { return nil }
            return AgentView(record, nowMs: now)
        }
        return CallCenterWallSnapshot(site: site, nowMs: now, waiting: unanswered.count,
                                      longestWaitMs: unanswered.map { max(0, now - $0.arrivedMs) }.max() ?? 0,
                                      queues: queues, agents: agents)
    }
}
