import CourtyardCRDT

// MARK: - Time ranges

/// A half-open time range `[fromMs, toMs)` of wall-clock milliseconds, bounded so a query
/// cannot ask for years of events at once.
public struct LedgerRange: Hashable, Sendable, Codable {
    /// The longest range one query or report may span: 366 days.
    public static let spanMsMax: Int64 = 366 * 86_400_000

    public let fromMs: Int64
    public let toMs: Int64

    /// Checks `from < to`, both within the ledger's sane timestamps, and the span.
    public init(fromMs: Int64, toMs: Int64) throws(LedgerError) {
        let sane = LedgerLimits.atMsMin...LedgerLimits.atMsMax
        guard sane.contains(fromMs), sane.contains(toMs) else {
            throw LedgerError(.timestampOutOfRange, "range bounds must be epoch milliseconds within 2000…2200")
        }
        guard fromMs < toMs else { throw LedgerError(.timestampOutOfRange, "range 'from' (\(fromMs)) must be before 'to' (\(toMs))") }
        guard toMs - fromMs <= Self.spanMsMax else {
            throw LedgerError(.timestampOutOfRange, "range spans more than 366 days")
        }
        self.fromMs = fromMs
        self.toMs = toMs
    }

    public func contains(_ ms: Int64) -> Bool { ms >= fromMs && ms < toMs }
    public var spanMs: Int64 { toMs - fromMs }
}

// MARK: - Store

/// Where the ledger lives. The SQLite adapter (`GRDBCallLedgerStore`) implements it; the
/// runtime and HTTP layers see only this.
public protocol CallLedgerStore: Sendable {
    /// Validates and appends a batch in one transaction; returns only after it committed,
    /// so a returned append is durable. A refused batch writes nothing.
    func append(_ events: [LedgerEvent]) async throws

    /// Events with `atMs` in `range` (at `site` if given), oldest first, at most `limit`.
    func events(in range: LedgerRange, site: SiteID?, limit: Int) async throws -> [LedgerEvent]

    /// Every event of one call, oldest first.
    func events(ofCall call: CallID) async throws -> [LedgerEvent]

    /// The input of a call report: all events of the calls that entered in `range` (at
    /// `site`, if given) whatever their own time or site, plus the agent state changes in
    /// `range` (at `site`). Oldest first.
    func reportEvents(in range: LedgerRange, site: SiteID?) async throws -> [LedgerEvent]
}
