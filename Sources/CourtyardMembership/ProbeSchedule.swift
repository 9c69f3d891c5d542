// MARK: - ProbeSchedule

/// The order in which this node probes the others: shuffled round-robin (SWIM §4.3).
///
/// Each round visits every member once, in an order drawn from the caller's generator,
/// so a failed member is probed within a bounded number of periods (at most
/// `2(n−1) − 1` between two probes of the same member). Members learned during a round
/// are appended to it; members gone from the cluster are skipped.
struct ProbeSchedule: Hashable, Sendable {
    private(set) var order: [NodeID] = []
    private(set) var position = 0

    /// The next member to probe among `candidates` (sorted), starting a freshly shuffled
    /// round when the current one is used up; nil when there is no candidate.
    mutating func next(candidates: [NodeID], using rng: inout some RandomNumberGenerator) -> NodeID? {
        guard !candidates.isEmpty else { return nil }
        let eligible = Set(candidates)
        while position < order.count {
            let node = order[position]
            position += 1
            if eligible.contains(node) { return node }
        }
        order = DeterministicDraw.shuffled(candidates, using: &rng)
        position = 1
        return order[0]
    }

    /// Adds a newly learned member to the end of the current round.
    mutating func add(_ node: NodeID) {
        if !order[position...].contains(node) { order.append(node) }
    }
}
