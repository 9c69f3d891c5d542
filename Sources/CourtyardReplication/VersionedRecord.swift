import CourtyardCRDT

/// A last-writer-wins record as a replicated item: a directory record (resident, room,
/// supplier…) under its record key, identified by the event id of its last write.
///
/// Replicas keep only the greatest `version` per key, so concurrent edits resolve the same
/// way everywhere (DESIGN §3).
public struct VersionedRecord<Record: Hashable & Codable & Sendable>: ReplicatedItem {
    /// The record's stable key, e.g. `resident:r-001`.
    public let recordKey: String
    /// The event id of this write; the LWW order.
    public let version: EventID
    public let record: Record

    public init(key: String, version: EventID, record: Record) {
        self.recordKey = key
        self.version = version
        self.record = record
    }

    public var itemID: EventID { version }
    public var key: String { recordKey }
    public var estimatedBytes: Int { (try? CRDTCodec.encode(self).count) ?? Int.max / 4 }
    public static var retention: ItemRetention { .latestOnly }
}
