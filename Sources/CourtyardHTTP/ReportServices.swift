import CourtyardCallCenter
import CourtyardRuntime

/// What the report and recording routes need: the call ledger, the recording store, the
/// wall clock (a report measures up to now; a recording's stored time) and the default
/// report settings of the node.
public struct CallReportingServices: Sendable {
    public var ledger: any CallLedgerStore
    public var recordings: any RecordingStore
    public var wallClock: any WallClock
    public var reportSettings: ReportSettings
    /// On a cluster: the other sites' call reports (an all-sites report merges every
    /// reachable site's; a report of another site is asked of its node). Nil on a node
    /// that runs alone: every report reads this node's ledger only.
    public var sites: CallReportGatherer?

    public init(ledger: any CallLedgerStore, recordings: any RecordingStore, wallClock: any WallClock,
                reportSettings: ReportSettings = ReportSettings(), sites: CallReportGatherer? = nil) {
        self.ledger = ledger
        self.recordings = recordings
        self.wallClock = wallClock
        self.reportSettings = reportSettings
        self.sites = sites
    }
}

extension APIError {
    /// The routes exist on every node; without a ledger they say so instead of 404.
    static let callRecordsDisabled = APIError(.serviceUnavailable, code: "not_enabled",
                                              "call reports and recordings are not enabled on this node")

    init(_ error: LedgerError) {
        switch error.kind {
        case .batchTooLarge: self.init(.badRequest, code: "range_too_large", error.message)
        default: self.init(.badRequest, code: "invalid_input", error.message)
        }
    }

    /// Another site's report could not be had: 503 when it is not reachable, 502 when it
    /// answered with an error.
    init(_ gap: SiteReportUnavailable) {
        if gap.failed {
            self.init(.badGateway, code: "site_failed", "site \(gap.site) could not compute its report: \(gap.reason)")
        } else {
            self.init(.serviceUnavailable, code: "site_unreachable",
                      "site \(gap.site) is not reachable for its call report: \(gap.reason)")
        }
    }

    init(_ error: RecordingError) {
        switch error.kind {
        case .invalid: self.init(.badRequest, code: "invalid_input", error.message)
        case .badFormat: self.init(.unsupportedMediaType, code: "bad_format", error.message)
        case .tooLarge: self.init(.contentTooLarge, code: "too_large", error.message)
        case .duplicate: self.init(.conflict, code: "conflict", error.message)
        case .notFound: self.init(.notFound, code: "not_found", error.message)
        }
    }
}
