// MARK: - MembershipMessage

/// A membership protocol message between two nodes, with piggybacked gossip.
///
/// `to` is nil only for messages addressed to an endpoint (a join to a seed whose life is
/// not known yet); a message for another life of the receiver is refused, so a restarted
/// node never answers probes meant for its predecessor. `gossip` is bounded by
/// `MembershipSettings.gossipUpdatesPerMessageMax` and `gossipBytesMax`.
public struct MembershipMessage: Hashable, Sendable, Codable, CustomStringConvertible {
    public let from: NodeID
    public let to: NodeID?
    public let kind: Kind
    public let gossip: [MembershipUpdate]

    /// What the message asks or answers.
    public enum Kind: Hashable, Sendable, Codable {
        /// Direct probe; answered by `ack(seq)`.
        case ping(seq: UInt64)
        /// Probe `target` for the sender; answered by `ack(seq)` or, on timeout, `nack(seq)`.
        case pingRequest(seq: UInt64, target: NodeID)
        /// The probe `seq` reached its target (directly or through a relay).
        case ack(seq: UInt64)
        /// A relay could not reach the target of probe `seq` in time (Lifeguard): the
        /// requester's own network is fine, so its health need not suffer.
        case nack(seq: UInt64)
        /// Full-state exchange (also the join); answered by `pushPullReply`.
        case pushPull(MembershipSnapshot)
        /// The answer to `pushPull`, carrying the responder's whole view.
        case pushPullReply(MembershipSnapshot)
        /// Gossip only (graceful leave, telling a downed node it is down).
        case gossip
    }

    public init(from: NodeID, to: NodeID?, kind: Kind, gossip: [MembershipUpdate]) {
        self.from = from
        self.to = to
        self.kind = kind
        self.gossip = gossip
    }

    public var description: String {
        let target = to.map { "\($0)" } ?? "endpoint"
        return "\(from)->\(target) \(kind) +\(gossip.count)"
    }
}

// MARK: - Validation

extension MembershipMessage {
    /// Checks the limits and invariants of an untrusted message against `settings`.
    public func validate(_ settings: MembershipSettings) throws(MembershipError) {
        guard gossip.count <= settings.gossipUpdatesPerMessageMax else {
            throw .invalidMessage("\(gossip.count) gossip updates exceed \(settings.gossipUpdatesPerMessageMax)")
        }
        let confirmersMax = settings.suspicionConfirmationsExpected + 1
        try Self.validate(gossip, confirmersMax: confirmersMax, what: "gossip")
        switch kind {
        case .pushPull(let snapshot), .pushPullReply(let snapshot):
            guard snapshot.members.count <= settings.membersMax else {
                throw .invalidMessage("snapshot of \(snapshot.members.count) members exceeds \(settings.membersMax)")
            }
            try Self.validate(snapshot.members, confirmersMax: confirmersMax, what: "snapshot")
            // Decoding bypasses `MembershipSnapshot.init`, so its invariant is checked here.
            guard zip(snapshot.members, snapshot.members.dropFirst()).allSatisfy({ $0.node < $1.node }) else {
                throw .invalidMessage("snapshot members are not sorted by node without duplicates")
            }
        case .ping, .pingRequest, .ack, .nack, .gossip:
            break
        }
    }

    private static func validate(_ updates: [MembershipUpdate], confirmersMax: Int,
                                 what: String) throws(MembershipError) {
        for update in updates {
            guard case .suspect(_, let confirmers) = update.status else { continue }
            guard !confirmers.isEmpty, confirmers.count <= confirmersMax else {
                throw .invalidMessage("\(what): suspicion of \(update.node) has \(confirmers.count) confirmers (1...\(confirmersMax))")
            }
            guard confirmers == confirmers.sorted(), Set(confirmers).count == confirmers.count else {
                throw .invalidMessage("\(what): confirmers of \(update.node) are not sorted and distinct")
            }
        }
    }
}
