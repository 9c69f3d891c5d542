/// A hybrid logical clock timestamp (Kulkarni et al., "Logical Physical Clocks", 2014).
///
/// `wallMs` tracks physical time in milliseconds since the Unix epoch; `logical` orders
/// events that share a millisecond. Ordering is lexicographic: (wallMs, logical).
public struct HLCTimestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var wallMs: Int64
    public var logical: UInt32

    public init(wallMs: Int64, logical: UInt32 = 0) {
        self.wallMs = wallMs
        self.logical = logical
    }

    public static let zero = HLCTimestamp(wallMs: 0, logical: 0)

    public static func < (a: HLCTimestamp, b: HLCTimestamp) -> Bool {
        (a.wallMs, a.logical) < (b.wallMs, b.logical)
    }

    public var description: String { "\(wallMs).\(logical)" }

    /// A 64-bit packing that preserves order for wall times below 2^47 ms (year 6429):
    /// 47 bits of milliseconds, 17 bits of logical counter saturated at the top.
    public var packed: UInt64 {
        let logical17 = UInt64(min(logical, HLCTimestamp.logicalPackedMax))
        return (UInt64(max(wallMs, 0)) << 17) | logical17
    }

    public static let logicalPackedMax: UInt32 = (1 << 17) - 1

    public init(packed: UInt64) {
        self.wallMs = Int64(packed >> 17)
        self.logical = UInt32(packed & UInt64(HLCTimestamp.logicalPackedMax))
    }
}

/// Why a hybrid logical clock refused to move.
public struct HLCError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A remote timestamp is further ahead of local physical time than `maxDriftMs`.
        case remoteTooFarAhead
        /// The logical counter would overflow (more than `logicalPackedMax` events in one ms
        /// without physical time advancing).
        case logicalOverflow
    }
    public let kind: Kind
    public let remote: HLCTimestamp?
    public let physicalMs: Int64
    public let maxDriftMs: Int64

    public var description: String {
        switch kind {
        case .remoteTooFarAhead:
            let ahead = HybridLogicalClock.aheadMs(remote?.wallMs ?? 0, of: physicalMs)
            return "remote HLC \(remote.map(String.init(describing:)) ?? "-") is \(ahead) ms ahead of local physical time \(physicalMs); limit is \(maxDriftMs) ms"
        case .logicalOverflow:
            return "HLC logical counter overflow at physical time \(physicalMs)"
        }
    }
}

/// The clock itself: a value owned by one node. It never goes backwards, even when the
/// physical clock does, and it refuses remote timestamps that would drag it further than
/// `maxDriftMs` ahead of physical time (so one site with a wild clock cannot poison the
/// cluster's timestamps).
///
/// The physical time is passed in (`physicalMs`) rather than read: cores take time from
/// the injected environment so the simulator can drive them.
public struct HybridLogicalClock: Sendable, Hashable, Codable {
    public private(set) var last: HLCTimestamp
    public let maxDriftMs: Int64

    /// Default bound on how far a remote timestamp may run ahead of local physical time.
    public static let maxDriftMsDefault: Int64 = 60_000

    public init(last: HLCTimestamp = .zero, maxDriftMs: Int64 = HybridLogicalClock.maxDriftMsDefault) {
        precondition(maxDriftMs > 0)
        self.last = last
        self.maxDriftMs = maxDriftMs
    }

    /// A timestamp for a local event or a send.
    public mutating func now(physicalMs: Int64) throws(HLCError) -> HLCTimestamp {
        let next: HLCTimestamp
        if physicalMs > last.wallMs {
            next = HLCTimestamp(wallMs: physicalMs, logical: 0)
        } else {
            guard last.logical < HLCTimestamp.logicalPackedMax else {
                throw HLCError(kind: .logicalOverflow, remote: nil, physicalMs: physicalMs, maxDriftMs: maxDriftMs)
            }
            next = HLCTimestamp(wallMs: last.wallMs, logical: last.logical + 1)
        }
        assert(next > last)
        last = next
        return next
    }

    /// Merges a remote timestamp (on receive) and returns the timestamp of the receive event.
    /// Refuses, leaving the clock unchanged, when the remote is more than `maxDriftMs` ahead
    /// of local physical time.
    public mutating func receive(_ remote: HLCTimestamp, physicalMs: Int64) throws(HLCError) -> HLCTimestamp {
        guard HybridLogicalClock.aheadMs(remote.wallMs, of: physicalMs) <= maxDriftMs else {
            throw HLCError(kind: .remoteTooFarAhead, remote: remote, physicalMs: physicalMs, maxDriftMs: maxDriftMs)
        }
        let wall = max(last.wallMs, remote.wallMs, physicalMs)
        var logical: UInt32
        if wall == last.wallMs && wall == remote.wallMs {
            logical = max(last.logical, remote.logical)
        } else if wall == last.wallMs {
            logical = last.logical
        } else if wall == remote.wallMs {
            logical = remote.logical
        } else {
            // Physical time is ahead of both: the counter restarts.
            last = HLCTimestamp(wallMs: wall, logical: 0)
            return last
        }
        guard logical < HLCTimestamp.logicalPackedMax else {
            throw HLCError(kind: .logicalOverflow, remote: remote, physicalMs: physicalMs, maxDriftMs: maxDriftMs)
        }
        logical += 1
        let next = HLCTimestamp(wallMs: wall, logical: logical)
        assert(next > last && next > remote)
        last = next
        return next
    }

    /// `wallMs - physicalMs`, saturating instead of trapping: a hostile remote may send any
    /// `Int64`.
    static func aheadMs(_ wallMs: Int64, of physicalMs: Int64) -> Int64 {
        let (diff, overflow) = wallMs.subtractingReportingOverflow(physicalMs)
        guard overflow else { return diff }
        return wallMs > physicalMs ? .max : .min
    }

    /// Observes a timestamp read back from durable storage at start-up, so a restarted node
    /// never issues a timestamp at or below one it issued before the crash.
    public mutating func restore(atLeast t: HLCTimestamp) {
        if t > last { last = t }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case last, maxDriftMs }

    /// Decodes a persisted clock, refusing a non-positive drift bound instead of trapping.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let maxDriftMs = try c.decode(Int64.self, forKey: .maxDriftMs)
        guard maxDriftMs > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .maxDriftMs, in: c,
                                                   debugDescription: "maxDriftMs must be positive, got \(maxDriftMs)")
        }
        self.last = try c.decode(HLCTimestamp.self, forKey: .last)
        self.maxDriftMs = maxDriftMs
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(last, forKey: .last)
        try c.encode(maxDriftMs, forKey: .maxDriftMs)
    }
}

/// A globally unique, totally ordered id of an event: its HLC timestamp and the replica
/// that issued it. Unique because each replica's HLC is strictly monotone.
public struct EventID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let hlc: HLCTimestamp
    public let origin: ReplicaID

    public init(hlc: HLCTimestamp, origin: ReplicaID) {
        self.hlc = hlc
        self.origin = origin
    }

    public static func < (a: EventID, b: EventID) -> Bool {
        if a.hlc != b.hlc { return a.hlc < b.hlc }
        return a.origin < b.origin
    }

    public var description: String { "\(hlc)@\(origin)" }
}
