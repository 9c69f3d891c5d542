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

    public init(ledger: any CallLedgerStore, recordings: any RecordingStore, wallClock: any WallClock,
                reportSettings: ReportSettings = ReportSettings()) {
        self.ledger = ledger
        self.recordings = recordings
        self.wallClock = wallClock
        self.reportSettings = reportSettings
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
