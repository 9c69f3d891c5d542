import CourtyardCRDT

// MARK: - Checking a received snapshot

/// A snapshot from another node broke a bound or an invariant; it is not shown.
public struct SnapshotError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SiteSnapshot {
    /// Checks the bounds of a snapshot received over the cluster (its identifiers were
    /// validated by decoding): the site is the one asked, counts are plausible, lists and
    /// texts within their caps, every agent state kind counted once.
    public func validate(expectedSite: SiteID) throws(SnapshotError) {
        guard site == expectedSite else { throw SnapshotError("snapshot of \(site) answered for \(expectedSite)") }
        let counts = [waitingCalls, openTickets, omitted, serviceLevel.offered, serviceLevel.answered,
                      serviceLevel.answeredWithinThreshold, serviceLevel.abandoned, serviceLevel.shortAbandoned]
            + overdueByLevel + Array(agentsByState.values)
        guard counts.allSatisfy({ (0...Limits.countMax).contains($0) }) else {
            throw SnapshotError("a count is negative or above \(Limits.countMax)")
        }
        guard longestWaitMs >= 0, overdueByLevel.count == 3 else {
            throw SnapshotError("longestWaitMs must be ≥ 0 and overdueByLevel have 3 levels")
        }
        guard Set(agentsByState.keys) == Set(AgentStateKind.allCases.map(\.rawValue)) else {
            throw SnapshotError("agentsByState must count every agent state kind")
        }
        if let p = serviceLevel.percent, !(0...100).contains(p) { throw SnapshotError("service level \(p) is not a percentage") }
        guard agents.count <= Limits.agentsMax, calls.count <= Limits.callsMax, overdue.count <= Limits.overdueMax,
              members.count <= Limits.membersMax else {
            throw SnapshotError("a drill-down list exceeds its cap")
        }
        let texts = members.flatMap { [$0.endpoint] } + calls.compactMap(\.caller) + agents.compactMap(\.reason)
            + overdue.flatMap { [$0.id, $0.number, $0.title, $0.status] }
        guard texts.allSatisfy({ $0.count <= Limits.textCharsMax && !$0.contains(where: \.isNewline) }) else {
            throw SnapshotError("a text exceeds \(Limits.textCharsMax) characters or spans lines")
        }
        guard members.allSatisfy({ SnapshotMember.statuses.contains($0.status) }),
              calls.allSatisfy({ ["waiting", "ringing", "remote"].contains($0.phase) }),
              overdue.allSatisfy({ (1...3).contains($0.level) }) else {
            throw SnapshotError("a member status, call phase or ticket level is unknown")
        }
    }
}
