import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - What the call center reads and writes

/// The stores and services a node's call center works with: tickets for self-service and
/// emergencies, the directory and bills for lookups and the screen pop, the call ledger,
/// and recordings when configured.
public struct CallCenterServices: Sendable {
    public var tickets: TicketService
    public var directory: any DirectoryStore
    public var bills: any BillsStore
    public var ledger: any CallLedgerStore
    public var recordings: (any RecordingStore)?

    public init(tickets: TicketService, directory: any DirectoryStore, bills: any BillsStore = InMemoryBillsStore(),
                ledger: any CallLedgerStore = InMemoryCallLedgerStore(), recordings: (any RecordingStore)? = nil) {
        self.tickets = tickets
        self.directory = directory
        self.bills = bills
        self.ledger = ledger
        self.recordings = recordings
    }
}

// MARK: - The gateway side of a call

/// One WebSocket connection to a telephony gateway, as the call center sees it. The HTTP
/// layer implements it over a bounded outbound queue; tests use a recording fake.
public protocol CTIGatewayLink: AnyObject, Sendable {
    /// Unique per connection for the life of the node.
    var linkID: UInt64 { get }
    /// The gateway's id from its hello.
    var gatewayId: String { get }
    /// Queues commands for sending, in order, without waiting. A full queue closes the
    /// connection (the gateway reconnects and resumes its calls) rather than block others.
    func send(_ commands: [CTICommand])
}

/// Why the call center refused a request from an agent console or the API.
public struct CallCenterError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        case notFound, conflict, invalid, unavailable
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
