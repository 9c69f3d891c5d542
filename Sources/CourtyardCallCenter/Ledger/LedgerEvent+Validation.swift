import CourtyardCRDT
import CourtyardDomain

// MARK: - Limits

/// Bounds on what one ledger event may carry.
public enum LedgerLimits {
    /// Earliest accepted event time: 2000-01-01T00:00:00Z. Anything before is a broken clock.
    public static let atMsMin: Int64 = 946_684_800_000
    /// Latest accepted event time: 2200-01-01T00:00:00Z.
    public static let atMsMax: Int64 = 7_258_118_400_000
    /// A wait longer than a day is a stuck timer, not a caller.
    public static let waitedMsMax: Int64 = 86_400_000
    /// A caller or dialled number, in UTF-8 bytes (a canonical number with extension fits).
    public static let numberBytesMax = 40
    /// An IVR node name or a not-ready reason, in UTF-8 bytes.
    public static let labelBytesMax = 64
    /// What `callEntered.caller` holds when the caller id is withheld or unparseable.
    public static let anonymousCaller = "anonymous"
    /// One appended batch.
    public static let batchEventsMax = 10_000
}

// MARK: - Errors

/// Why a ledger event was refused; `message` names the field and the rule.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case timestampOutOfRange
        case missingCallID
        case unexpectedCallID
        case badString
        case badDuration
        case batchTooLarge
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

// MARK: - Validation

extension LedgerEvent {
    /// Checks every bound; throws the first violation. A valid event round-trips through
    /// storage unchanged.
    public func validate() throws(LedgerError) {
        guard (LedgerLimits.atMsMin...LedgerLimits.atMsMax).contains(atMs) else {
            throw LedgerError(.timestampOutOfRange,
                              "\(body.kind) at \(atMs) ms is outside 2000-01-01…2200-01-01 (epoch milliseconds expected)")
        }
        if case .agentState = body {
            guard callID == nil else { throw LedgerError(.unexpectedCallID, "agentState must not carry a call id") }
        } else if callID == nil {
            throw LedgerError(.missingCallID, "\(body.kind) needs a call id")
        }
        try body.validate()
    }

    /// A `callEntered` event with the caller normalised: any spelling of a number becomes its
    /// canonical form; an empty, withheld or unparseable caller id becomes `anonymous`.
    public static func callEntered(site: SiteID, atMs: Int64, callID: CallID, rawCaller: String,
                                   dialled: String, defaultAreaCode: String? = nil) -> LedgerEvent {
        let caller = (try? PhoneNumber.normalize(rawCaller, defaultAreaCode: defaultAreaCode))
            ?? LedgerLimits.anonymousCaller
        return LedgerEvent(site: site, atMs: atMs, callID: callID,
                           body: .callEntered(caller: caller, dialled: dialled))
    }
}

extension LedgerEventBody {
    func validate() throws(LedgerError) {
        switch self {
        case .callEntered(let caller, let dialled):
            try Self.check(caller, "caller", max: LedgerLimits.numberBytesMax)
            try Self.check(dialled, "dialled", max: LedgerLimits.numberBytesMax)
        case .ivrNode(let node):
            try Self.check(node, "ivr node", max: LedgerLimits.labelBytesMax)
        case .abandoned(_, let waitedMs):
            guard (0...LedgerLimits.waitedMsMax).contains(waitedMs) else {
                throw LedgerError(.badDuration, "abandoned waitedMs \(waitedMs) is outside 0…\(LedgerLimits.waitedMsMax)")
            }
        case .transferred(_, let toAgent, let toQueue):
            guard (toAgent == nil) != (toQueue == nil) else {
                throw LedgerError(.badString, "transferred needs exactly one target: an agent or a queue")
            }
        case .agentState(_, let from, let to, let reason):
            guard from != to else { throw LedgerError(.badString, "agentState from and to are both \(from.rawValue)") }
            if let reason { try Self.check(reason, "reason", max: LedgerLimits.labelBytesMax) }
        case .queueEntered, .offered, .offerEnded, .answered, .overflowed, .voicemail, .hungUp,
             .wrapUpStarted, .wrapUpEnded:
            break  // identifiers are validated when constructed or decoded
        }
    }

    /// Non-empty, bounded, no control characters.
    static func check(_ value: String, _ field: String, max: Int) throws(LedgerError) {
        guard !value.isEmpty, value.utf8.count <= max else {
            throw LedgerError(.badString, "\(field) must be 1–\(max) bytes of UTF-8 (got \(value.utf8.count))")
        }
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw LedgerError(.badString, "\(field) contains control characters")
        }
    }
}

extension Array where Element == LedgerEvent {
    /// Validates a batch: its size, then every event; the error names the event's index.
    public func validateBatch() throws(LedgerError) {
        guard count <= LedgerLimits.batchEventsMax else {
            throw LedgerError(.batchTooLarge, "batch of \(count) events; the limit is \(LedgerLimits.batchEventsMax)")
        }
        for (index, event) in enumerated() {
            do { try event.validate() } catch { throw LedgerError(error.kind, "event [\(index)]: \(error.message)") }
        }
    }
}
