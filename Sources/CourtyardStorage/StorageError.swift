import CourtyardCRDT

/// Why the storage adapter refused an input. Thrown before anything is written, so a
/// refused call leaves the database unchanged.
public struct StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A search query is longer than `SearchText.queryCharactersMax` or has too many terms.
        case searchQueryTooLong
        /// A batch holds more records than one transaction may take.
        case batchTooLarge
        /// An append would give one ticket more than `TicketState.eventsPerTicketMax` events.
        case ticketTooLarge
        /// An event's HLC cannot be packed losslessly into the 64-bit `hlc` column.
        case eventTimestampOutOfRange
        /// A stored value could not be decoded (a corrupt or foreign database).
        case corruptRow
        /// A parameter is outside its bounds (a retention period).
        case invalidArgument
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
