import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication

// MARK: - DirectoryEntry

/// One directory record of any kind, as the directory replication carries it.
///
/// The replicated item is `DirectoryItem` (`VersionedRecord<DirectoryEntry>`): a
/// last-writer-wins record under the key `kind:id` whose item id is the record's own
/// `version`, so replicas keep the greatest version per record, like `DirectoryStore.apply`.
public enum DirectoryEntry: Hashable, Codable, Sendable {
    case resident(Resident)
    case room(Room)
    case occupancy(Occupancy)
    case supplier(Supplier)
    case fixture(Fixture)
    case knowledgeCase(KnowledgeCase)
    case dispatchRule(DispatchRule)
    /// An account (`AccountRecord.version` set); `admin` is node-local and refused.
    case account(AccountRecord)

    // MARK: Identity

    /// The stable record key: `resident:r-001`, `occupancy:r-001/B3-1201`. Ids hold only
    /// letters, digits, `_` and `-` (validated), so keys of different records never collide.
    public var recordKey: String {
        switch self {
        case .resident(let r): "resident:\(r.id)"
        case .room(let r): "room:\(r.id)"
        case .occupancy(let o): "occupancy:\(o.residentID)/\(o.roomID)"
        case .supplier(let s): "supplier:\(s.id)"
        case .fixture(let f): "fixture:\(f.id)"
        case .knowledgeCase(let c): "case:\(c.id)"
        case .dispatchRule(let r): "rule:\(r.id)"
        case .account(let a): "account:\(a.username)"
        }
    }

    /// The record's version (nil: written before replication, not replicated).
    public var version: EventID? {
        switch self {
        case .resident(let r): r.version
        case .room(let r): r.version
        case .occupancy(let o): o.version
        case .supplier(let s): s.version
        case .fixture(let f): f.version
        case .knowledgeCase(let c): c.version
        case .dispatchRule(let r): r.version
        case .account(let a): a.version
        }
    }

    /// The record's field errors (empty when it may be stored): received records are
    /// untrusted input.
    public var fieldErrors: [FieldError] {
        switch self {
        case .resident(let r): r.validate(defaultAreaCode: nil)
        case .room(let r): r.validate(defaultAreaCode: nil)
        case .occupancy(let o): o.validate(defaultAreaCode: nil)
        case .supplier(let s): s.validate(defaultAreaCode: nil)
        case .fixture(let f): f.validate(defaultAreaCode: nil)
        case .knowledgeCase(let c): c.validate(defaultAreaCode: nil)
        case .dispatchRule(let r): r.validate(defaultAreaCode: nil)
        case .account(let a): a.replicationErrors
        }
    }

    /// The replicated item of this record, or nil when it carries no version.
    public var item: DirectoryItem? {
        guard let version else { return nil }
        return DirectoryItem(key: recordKey, version: version, record: self)
    }

    // MARK: Batches

    /// Every record of `batch`, in the batch's order (residents and rooms before links).
    public static func entries(of batch: DirectoryBatch) -> [DirectoryEntry] {
        batch.residents.map { .resident($0) } + batch.rooms.map { .room($0) }
            + batch.suppliers.map { .supplier($0) } + batch.fixtures.map { .fixture($0) }
            + batch.occupancies.map { .occupancy($0) } + batch.cases.map { .knowledgeCase($0) }
            + batch.dispatchRules.map { .dispatchRule($0) } + batch.accounts.map { .account($0) }
    }

    /// The versioned records of `batch` as replicated items (unversioned ones are skipped).
    public static func items(of batch: DirectoryBatch) -> [DirectoryItem] {
        entries(of: batch).compactMap(\.item)
    }

    /// The records of `items` as one batch, to apply in one transaction.
    public static func batch(of items: [DirectoryItem]) -> DirectoryBatch {
        var batch = DirectoryBatch()
        for item in items {
            switch item.record {
            case .resident(let r): batch.residents.append(r)
            case .room(let r): batch.rooms.append(r)
            case .occupancy(let o): batch.occupancies.append(o)
            case .supplier(let s): batch.suppliers.append(s)
            case .fixture(let f): batch.fixtures.append(f)
            case .knowledgeCase(let c): batch.cases.append(c)
            case .dispatchRule(let r): batch.dispatchRules.append(r)
            case .account(let a): batch.accounts.append(a)
            }
        }
        return batch
    }
}

/// A directory record as a replicated, last-writer-wins item.
public typealias DirectoryItem = VersionedRecord<DirectoryEntry>

extension VersionedRecord where Record == DirectoryEntry {
    /// Why a received item may not be stored: its key or version disagrees with the record
    /// inside, or the record is invalid. Nil when it is well-formed.
    public var malformation: String? {
        guard recordKey == record.recordKey else { return "key \(recordKey) does not match its record (\(record.recordKey))" }
        guard record.version == version else { return "\(recordKey): version does not match its record's" }
        let errors = record.fieldErrors
        guard errors.isEmpty else {
            return "\(recordKey): invalid record (\(errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")))"
        }
        return nil
    }
}
