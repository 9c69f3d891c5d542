import CourtyardCRDT
import CourtyardDomain

// Ticket events are the main replicated item: a ticket is a grow-only set of them.

extension TicketID: ReplicationKey {
    public var canonicalBytes: [UInt8] { Array(rawValue.utf8) }
}

extension TicketEvent: ReplicatedItem {
    public var itemID: EventID { id }
    public var key: TicketID { ticketID }
    /// The canonical JSON size: exact, deterministic, and what the transport will carry.
    public var estimatedBytes: Int { (try? CRDTCodec.encode(self).count) ?? Int.max / 4 }
    public static var retention: ItemRetention { .all }
}
