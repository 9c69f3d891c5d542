import CourtyardDomain

// MARK: - SimDisk

/// One node's disk holding its event log: appended records are *unsynced* until `sync`.
///
/// A crash keeps every synced record; of the unsynced tail it may keep a prefix (the
/// kernel flushed some pages) and may leave the next record *torn* — written in part,
/// caught by its checksum at recovery and dropped with everything after it. Faults make
/// writes fail (`error`) or refuse them (`full`).
public struct SimDisk: Sendable {
    public private(set) var durable: [TicketEvent] = []
    public private(set) var unsynced: [TicketEvent] = []
    /// Ids of `durable`, for the checkers.
    public private(set) var durableIDs: Set<EventIDKey> = []
    /// Writes fail while set (an injected IO error).
    public var failing = false
    /// Writes are refused while set (disk full).
    public var full = false
    /// Torn records found and dropped at recoveries so far.
    public private(set) var tornRecordsDropped = 0

    public init() {}

    public enum Failure: Error, Hashable, Sendable { case ioError, diskFull }

    /// Appends records to the unsynced tail.
    public mutating func append(_ events: [TicketEvent]) throws(Failure) {
        if full { throw .diskFull }
        if failing { throw .ioError }
        unsynced += events
    }

    /// Makes the unsynced tail durable (fsync).
    public mutating func sync() throws(Failure) {
        if failing { throw .ioError }
        durable += unsynced
        for e in unsynced { durableIDs.insert(EventIDKey(e)) }
        unsynced.removeAll()
    }

    /// Appends and syncs (a committed transaction).
    public mutating func commit(_ events: [TicketEvent]) throws(Failure) {
        try append(events)
        try sync()
    }

    /// A crash: keeps `keptUnsynced` records of the unsynced tail and, if `torn`, tears
    /// the next one (recovery drops it). Returns how many unsynced records were lost.
    @discardableResult
    public mutating func crash(keptUnsynced: Int, torn: Bool) -> Int {
        let kept = min(max(0, keptUnsynced), unsynced.count)
        durable += unsynced.prefix(kept)
        for e in unsynced.prefix(kept) { durableIDs.insert(EventIDKey(e)) }
        let lost = unsynced.count - kept
        if torn && lost > 0 { tornRecordsDropped += 1 }
        unsynced.removeAll()
        return lost
    }

    /// Whether the event is durable here.
    public func holdsDurably(_ key: EventIDKey) -> Bool { durableIDs.contains(key) }
}

/// A hashable (ticket, event id) pair used by the checkers.
public struct EventIDKey: Hashable, Comparable, Sendable {
    public let ticket: String
    public let wallMs: Int64
    public let logical: UInt32
    public let origin: String

    public init(_ e: TicketEvent) {
        ticket = e.ticketID.rawValue
        wallMs = e.id.hlc.wallMs
        logical = e.id.hlc.logical
        origin = e.id.origin.rawValue
    }

    public static func < (a: EventIDKey, b: EventIDKey) -> Bool {
        (a.ticket, a.wallMs, a.logical, a.origin) < (b.ticket, b.wallMs, b.logical, b.origin)
    }

    public var description: String { "\(ticket)/\(wallMs).\(logical)@\(origin)" }
}
