import Foundation

// MARK: - MembershipSettings

/// Timing and limits of the failure detector, gossip and down resolver.
///
/// Defaults follow hashicorp/memberlist's LAN profile (probe every second, 500 ms probe
/// timeout, three indirect probers, retransmit multiplier 4, push/pull every 30 s) so our
/// benchmarks compare like with like. Every duration is in milliseconds of the caller's
/// clock; every collection has a maximum.
public struct MembershipSettings: Hashable, Sendable {
    // MARK: Probing (SWIM)

    /// Time between probe rounds at full local health; scaled by `1 + LHM`.
    public var probeIntervalMs: Int64 = 1_000
    /// Wait for a direct ack before asking others to probe; scaled by `1 + LHM`.
    public var probeTimeoutMs: Int64 = 500
    /// Members asked to probe indirectly after a missed direct ack.
    public var indirectProbeCount: Int = 3
    /// A relay that got no ack from the target within this part of `probeTimeoutMs`
    /// (in percent) answers the requester with a nack (Lifeguard).
    public var nackTimeoutPercent: Int64 = 80
    /// Relayed probes kept open at once; further ping-requests are dropped.
    public var relaysPendingMax: Int = 64

    // MARK: Dissemination

    /// Updates piggybacked on one message at most.
    public var gossipUpdatesPerMessageMax: Int = 12
    /// Canonical-JSON bytes of the piggybacked update list at most (fits a 1400-byte
    /// datagram with the envelope).
    public var gossipBytesMax: Int = 1_024
    /// λ in "each update is sent λ·⌈log10(n+1)⌉ times".
    public var retransmitMultiplier: Int = 4
    /// Full-state exchange with one random member this often.
    public var pushPullIntervalMs: Int64 = 30_000
    /// Re-send the join to the seeds this often while no other member is known.
    public var joinRetryIntervalMs: Int64 = 2_000
    /// Seeds remembered at most.
    public var seedsMax: Int = 16

    // MARK: Suspicion (Lifeguard)

    /// Suspicion timeout with `suspicionConfirmationsExpected` or more confirmations.
    public var suspicionTimeoutMinMs: Int64 = 4_000
    /// Suspicion timeout with no independent confirmation.
    public var suspicionTimeoutMaxMs: Int64 = 24_000
    /// `K`: confirmations at which the timeout reaches its minimum; also bounds the
    /// confirmers carried in a suspicion (`K + 1` with the first suspecter).
    public var suspicionConfirmationsExpected: Int = 3
    /// Saturation of the local health multiplier.
    public var localHealthMultiplierMax: Int = 8

    // MARK: Down resolver and limits

    /// The set of suspect and unreachable members must stay unchanged this long before
    /// the resolver decides.
    public var stableAfterMs: Int64 = 10_000
    /// Members and tombstones kept at most; also bounds snapshots. When full, the oldest
    /// tombstone makes room for a new member.
    public var membersMax: Int = 512
    /// Tombstones (down, left) are forgotten after this long. Long enough that no stale
    /// gossip about the old life can still be circulating, so it cannot come back.
    public var tombstoneRetentionMs: Int64 = 24 * 3_600_000

    public init() {}

    // MARK: Derived values

    /// Lifeguard's dynamic suspicion timeout for `k` independent confirmations:
    /// `max(min, max − (max − min)·log(k+1)/log(K+1))`.
    public func suspicionTimeoutMs(confirmations k: Int) -> Int64 {
        let kMax = suspicionConfirmationsExpected
        guard kMax > 0 else { return suspicionTimeoutMinMs }
        guard k > 0 else { return suspicionTimeoutMaxMs }
        let span = Double(suspicionTimeoutMaxMs - suspicionTimeoutMinMs)
        let fraction = log(Double(min(k, kMax) + 1)) / log(Double(kMax + 1))
        let timeout = Int64((Double(suspicionTimeoutMaxMs) - span * fraction).rounded(.down))
        return max(suspicionTimeoutMinMs, timeout)
    }

    /// Times an update is piggybacked in a cluster of `memberCount`: λ·⌈log10(n+1)⌉,
    /// computed on integers so every platform agrees.
    public func retransmitLimit(memberCount: Int) -> Int {
        var digits = 0
        var power = 1
        while power < memberCount + 1 { power *= 10; digits += 1 }
        return retransmitMultiplier * max(1, digits)
    }

    /// Upper bound, at full local health and without message loss, from a member's crash
    /// to the first survivor's *down* decision in a cluster of `memberCount`:
    ///
    /// `(2(n−1) − 1)·P` until some survivor probes it again (round-robin order reshuffled
    /// each round, so a member probed first in one round may be probed last in the next)
    /// `+ P` for the probe round itself (direct + indirect) `+ S_max` (suspicion with no
    /// confirmation) `+ W` (stable-after window), where `P = probeIntervalMs`,
    /// `S_max = suspicionTimeoutMaxMs`, `W = stableAfterMs`. Confirmations from other
    /// survivors shorten the suspicion towards `suspicionTimeoutMinMs`.
    public func failureDetectionBoundMs(memberCount: Int) -> Int64 {
        let rounds = Int64(max(1, 2 * (memberCount - 1) - 1))
        return rounds * probeIntervalMs + probeIntervalMs + suspicionTimeoutMaxMs + stableAfterMs
    }

    /// Checks that the settings are usable; a typed error names the first bad field.
    public func validate() throws(MembershipError) {
        func require(_ ok: Bool, _ what: String) throws(MembershipError) {
            if !ok { throw MembershipError.invalidSettings(what) }
        }
        try require(probeIntervalMs > 0, "probeIntervalMs must be positive")
        try require(probeTimeoutMs > 0 && probeTimeoutMs < probeIntervalMs,
                    "probeTimeoutMs must be positive and below probeIntervalMs")
        try require(indirectProbeCount >= 0 && indirectProbeCount <= 16, "indirectProbeCount must be 0...16")
        try require((1...100).contains(nackTimeoutPercent), "nackTimeoutPercent must be 1...100")
        try require(relaysPendingMax > 0, "relaysPendingMax must be positive")
        try require(gossipUpdatesPerMessageMax > 0, "gossipUpdatesPerMessageMax must be positive")
        try require(gossipBytesMax >= 256, "gossipBytesMax must be at least 256")
        try require(retransmitMultiplier > 0, "retransmitMultiplier must be positive")
        try require(pushPullIntervalMs > 0 && joinRetryIntervalMs > 0, "intervals must be positive")
        try require(seedsMax > 0, "seedsMax must be positive")
        try require(suspicionTimeoutMinMs > 0 && suspicionTimeoutMinMs <= suspicionTimeoutMaxMs,
                    "suspicion timeouts must satisfy 0 < min <= max")
        try require(suspicionConfirmationsExpected >= 0 && suspicionConfirmationsExpected <= 16,
                    "suspicionConfirmationsExpected must be 0...16")
        try require(localHealthMultiplierMax >= 0 && localHealthMultiplierMax <= 64,
                    "localHealthMultiplierMax must be 0...64")
        try require(stableAfterMs >= 0, "stableAfterMs must not be negative")
        try require(membersMax >= 2, "membersMax must be at least 2")
        try require(tombstoneRetentionMs > 0, "tombstoneRetentionMs must be positive")
    }
}
