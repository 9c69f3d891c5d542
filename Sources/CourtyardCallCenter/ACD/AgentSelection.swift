// MARK: - Picking agents

/// The strategies as pure functions over agents sorted by id; ties always break by id.
enum AgentSelection {
    /// The agents to offer the call to: one, or all of `pool` for ring-all.
    /// `pool` must be non-empty and sorted by id.
    static func pick(_ strategy: RoutingStrategy, from pool: [Agent], lastOffered: AgentID?) -> [AgentID] {
        precondition(!pool.isEmpty)
        switch strategy {
        case .ringAll:
            return pool.map(\.id)
        case .roundRobin:
            if let last = lastOffered, let next = pool.first(where: { $0.id > last }) { return [next.id] }
            return [pool[0].id]
        case .longestIdle:
            return [pool.min { idle($0) < idle($1) }!.id]
        case .fewestCalls:
            return [pool.min { a, b in
                (a.stats.callsAnsweredToday, idle(a)) < (b.stats.callsAnsweredToday, idle(b))
            }!.id]
        case .leastTalkTime:
            return [pool.min { a, b in
                (a.stats.talkTimeTodayMs, idle(a)) < (b.stats.talkTimeTodayMs, idle(b))
            }!.id]
        }
    }

    /// Sort key for "idle longest first": earliest idle-since, then id.
    private static func idle(_ a: Agent) -> IdleKey { IdleKey(sinceMs: a.stats.idleSinceMs ?? .max, id: a.id) }

    private struct IdleKey: Comparable {
        let sinceMs: Int64
        let id: AgentID
        static func < (a: Self, b: Self) -> Bool { (a.sinceMs, a.id) < (b.sinceMs, b.id) }
    }
}
