import CourtyardCallCenter
import CourtyardCRDT

// MARK: - A report asked of another site

/// What one node asks another for (`SiteNodeActor.callReport` / `callDrill`): the range,
/// the settings and the asking node's now, so every site measures the same window. Bounded:
/// a range of at most 366 days, valid settings, and drill lists of at most `rowsMaxRemote`
/// rows (a reply must fit the actor system's payload bound).
public struct SiteReportRequest: Codable, Sendable, Hashable {
    public var fromMs: Int64
    public var toMs: Int64
    public var nowMs: Int64
    public var settings: ReportSettings
    /// Drill lists hold at most this many rows (their earliest calls).
    public var rowsMax: Int

    /// The most drill rows one site sends another (about 130 KB of JSON).
    public static let rowsMaxRemote = 500

    public init(range: LedgerRange, nowMs: Int64, settings: ReportSettings, rowsMax: Int = Self.rowsMaxRemote) {
        fromMs = range.fromMs
        toMs = range.toMs
        self.nowMs = nowMs
        self.settings = settings
        self.rowsMax = rowsMax
    }

    /// The request's range, after checking every bound (it may come from a peer).
    public func validated() throws(SiteReportError) -> LedgerRange {
        guard (LedgerLimits.atMsMin...LedgerLimits.atMsMax).contains(nowMs) else {
            throw SiteReportError("report request: now (\(nowMs)) out of range")
        }
        guard (0...Self.rowsMaxRemote).contains(rowsMax) else {
            throw SiteReportError("report request: rowsMax must be in 0…\(Self.rowsMaxRemote)")
        }
        do {
            try settings.validate()
            return try LedgerRange(fromMs: fromMs, toMs: toMs)
        } catch {
            throw SiteReportError("report request: \(error)")
        }
    }
}

/// A site could not compute the report asked of it (thrown across the cluster as is).
public struct SiteReportError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

// MARK: - This site's reports

/// The call reports of this node's own ledger: what the HTTP routes compute locally and
/// what the site actor answers peers with (always for this node's site).
public struct SiteCallReporter: Sendable {
    public let site: SiteID
    public let ledger: any CallLedgerStore

    public init(site: SiteID, ledger: any CallLedgerStore) {
        self.site = site
        self.ledger = ledger
    }

    /// A report's ledger events, plus the calls entered in the FCR window after the range
    /// (so a repeat call just after `to` is seen) when that window has begun. Throws the
    /// store's errors (`LedgerError` for a refused range).
    public static func reportEvents(_ ledger: any CallLedgerStore, range: LedgerRange, site: SiteID?,
                                    settings: ReportSettings, nowMs: Int64) async throws -> [LedgerEvent] {
        var events = try await ledger.reportEvents(in: range, site: site)
        let end = min(range.toMs + settings.fcrWindowMs, nowMs + 1, LedgerLimits.atMsMax)
        if end > range.toMs {
            let later = try LedgerRange(fromMs: range.toMs, toMs: end)
            events += try await ledger.reportEvents(in: later, site: site)
        }
        return events
    }

    /// This site's report for a peer's request.
    public func report(_ request: SiteReportRequest) async throws(SiteReportError) -> CallReport {
        let range = try request.validated()
        let events = try await events(request, range: range)
        return CallReport.compute(events: events, range: range, site: site, nowMs: request.nowMs, settings: request.settings)
    }

    /// This site's list of the calls behind `metric`, at most `request.rowsMax` rows.
    public func drill(_ request: SiteReportRequest, metric: CallDrillMetric) async throws(SiteReportError) -> CallDrill {
        let range = try request.validated()
        let events = try await events(request, range: range)
        return CallDrill.compute(metric: metric, events: events, range: range, site: site, nowMs: request.nowMs,
                                 settings: request.settings, rowsMax: request.rowsMax)
    }

    private func events(_ request: SiteReportRequest, range: LedgerRange) async throws(SiteReportError) -> [LedgerEvent] {
        do {
            return try await Self.reportEvents(ledger, range: range, site: site, settings: request.settings,
                                               nowMs: request.nowMs)
        } catch {
            throw SiteReportError("site \(site) cannot read its call ledger: \(error)")
        }
    }
}

// MARK: - Reaching the other sites' reports

/// How a node asks the other sites for their call reports (`SiteNodeActor.callReport` and
/// `callDrill`); `ClusterSnapshotPeers` is the cluster's.
public protocol SiteReportPeers: Sendable {
    /// Every other site known to this node, sorted by site (as for the dashboard).
    func peers() async -> [SnapshotPeer]
    func callReport(of node: PeerIdentity, _ request: SiteReportRequest, timeout: Duration) async throws -> CallReport
    func callDrill(of node: PeerIdentity, _ request: SiteReportRequest, metric: CallDrillMetric,
                   timeout: Duration) async throws -> CallDrill
}

/// A site's report could not be had: `failed` when the site answered with an error (its
/// ledger), otherwise it was not reachable (no node up, not a member, timeout).
public struct SiteReportUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    public var site: SiteID
    public var reason: String
    public var failed: Bool
    public var description: String { "site \(site): \(reason)" }
}

/// Gathers the call reports of every site for the all-sites report: this site's computed
/// here, every other site's asked of its node at once, each call bounded by
/// `callTimeoutMs` (docs/cluster.md, "Reports across sites"). Nothing is cached: reports
/// are read on request.
public struct CallReportGatherer: Sendable {
    public let site: SiteID
    public let local: SiteCallReporter
    public let peers: any SiteReportPeers
    public let callTimeoutMs: Int64

    public init(local: SiteCallReporter, peers: any SiteReportPeers, callTimeoutMs: Int64 = 1_500) {
        precondition(callTimeoutMs > 0)
        site = local.site
        self.local = local
        self.peers = peers
        self.callTimeoutMs = callTimeoutMs
    }

    /// The merged report of every reachable site; `sites` lists those included,
    /// `missingSites` those that did not answer. This site's own failure is thrown
    /// (`SiteReportError`).
    public func report(_ request: SiteReportRequest) async throws -> CallReport {
        let range = try request.validated()
        let (parts, missing) = try await gather(
            local: { try await local.report(request) },
            remote: { node, timeout in try await peers.callReport(of: node, request, timeout: timeout) },
            check: { report, site in Self.check(report, site: site, range: range, request: request) })
        var merged = CallReport.merged(parts, range: range, nowMs: request.nowMs, settings: request.settings)
        merged.missingSites = missing
        return merged
    }

    /// The merged list of the calls behind `metric` at every reachable site. This site's
    /// list holds up to `localRowsMax` rows, the others' up to `request.rowsMax`; the
    /// merged rows are the earliest of all (`CallDrill.merged`), at most `rowsMax`.
    public func drill(_ request: SiteReportRequest, metric: CallDrillMetric, localRowsMax: Int,
                      rowsMax: Int) async throws -> CallDrill {
        let range = try request.validated()
        let (parts, missing) = try await gather(
            local: {
                try await CallDrill.compute(
                    metric: metric,
                    events: SiteCallReporter.reportEvents(local.ledger, range: range, site: site,
                                                          settings: request.settings, nowMs: request.nowMs),
                    range: range, site: site, nowMs: request.nowMs, settings: request.settings, rowsMax: localRowsMax)
            },
            remote: { node, timeout in try await peers.callDrill(of: node, request, metric: metric, timeout: timeout) },
            check: { drill, site in Self.check(drill, site: site, request: request, metric: metric) })
        var merged = CallDrill.merged(parts, metric: metric, range: range, rowsMax: rowsMax)
        merged.missingSites = missing
        return merged
    }

    /// The report of one other site, asked of its node.
    public func report(of other: SiteID, _ request: SiteReportRequest) async throws(SiteReportUnavailable) -> CallReport {
        try await one(other) { node, timeout in
            let report = try await peers.callReport(of: node, request, timeout: timeout)
            if let problem = Self.check(report, site: other, range: try request.validated(), request: request) {
                throw SiteReportError("site \(other) \(problem)")
            }
            return report
        }
    }

    /// The drill list of one other site (at most `request.rowsMax` rows), asked of its node.
    public func drill(of other: SiteID, _ request: SiteReportRequest,
                      metric: CallDrillMetric) async throws(SiteReportUnavailable) -> CallDrill {
        try await one(other) { node, timeout in
            let drill = try await peers.callDrill(of: node, request, metric: metric, timeout: timeout)
            if let problem = Self.check(drill, site: other, request: request, metric: metric) { throw SiteReportError(problem) }
            return drill
        }
    }

    // MARK: Asking

    /// A peer's report is untrusted: it must be one site's own (not a merge), for the range
    /// and settings asked, with staffing rows of that site only.
    static func check(_ report: CallReport, site: SiteID, range: LedgerRange, request: SiteReportRequest) -> String? {
        guard report.site == site, report.sites == nil else {
            return "answered for \(report.site.map(\.rawValue) ?? "all sites")"
        }
        guard report.fromMs == range.fromMs, report.toMs == range.toMs, report.settings == request.settings else {
            return "answered for another range or other settings"
        }
        guard report.staffing.allSatisfy({ $0.site == site }) else { return "answered staffing rows of other sites" }
        return nil
    }

    static func check(_ drill: CallDrill, site: SiteID, request: SiteReportRequest, metric: CallDrillMetric) -> String? {
        guard drill.site == site, drill.metric == metric else { return "answered for another site or metric" }
        guard drill.rows.count <= request.rowsMax, drill.rows.count <= drill.total, drill.counted <= drill.total,
              drill.rows.allSatisfy({ $0.site == site }) else { return "answered an implausible list" }
        return nil
    }

    private var timeout: Duration { .milliseconds(callTimeoutMs) }

    private func one<T: Sendable>(_ other: SiteID,
                                  _ call: @Sendable (PeerIdentity, Duration) async throws -> T) async throws(SiteReportUnavailable) -> T {
        guard let peer = await peers.peers().first(where: { $0.site == other }) else {
            throw SiteReportUnavailable(site: other, reason: "site \(other) is not a member of the cluster seen from \(site)",
                                        failed: false)
        }
        guard let node = peer.node else {
            throw SiteReportUnavailable(site: other, reason: "no node of site \(other) is up", failed: false)
        }
        do {
            return try await call(node, timeout)
        } catch {
            throw Self.unavailable(other, error, timeout: timeout)
        }
    }

    static func unavailable(_ site: SiteID, _ error: any Error, timeout: Duration) -> SiteReportUnavailable {
        if let report = error as? SiteReportError {
            return SiteReportUnavailable(site: site, reason: "the site failed: \(report.message)", failed: true)
        }
        let failed = (error as? RemoteCallError).map { if case .remoteThrew = $0.kind { true } else { false } } ?? false
        return SiteReportUnavailable(site: site, reason: DashboardGatherer.reason(error, timeout: timeout).message,
                                     failed: failed)
    }

    private struct Asked<T: Sendable>: Sendable {
        var site: SiteID
        var outcome: Result<T, SiteReportUnavailable>
    }

    /// This site's part and every other site's, asked at once; parts in site order.
    private func gather<T: Sendable>(local: @escaping @Sendable () async throws -> T,
                                     remote: @escaping @Sendable (PeerIdentity, Duration) async throws -> T,
                                     check: @escaping @Sendable (T, SiteID) -> String?) async throws -> ([T], [MissingSite]) {
        async let mine = local()
        let known = await peers.peers().filter { $0.site != site }
        let timeout = self.timeout
        let asked = await withTaskGroup(of: Asked<T>.self) { group in
            for peer in known {
                group.addTask {
                    guard let node = peer.node else {
                        return Asked(site: peer.site, outcome: .failure(SiteReportUnavailable(
                            site: peer.site, reason: "no node of site \(peer.site) is up", failed: false)))
                    }
                    do {
                        let part = try await remote(node, timeout)
                        if let problem = check(part, peer.site) { throw SiteReportError(problem) }
                        return Asked(site: peer.site, outcome: .success(part))
                    } catch {
                        return Asked(site: peer.site, outcome: .failure(Self.unavailable(peer.site, error, timeout: timeout)))
                    }
                }
            }
            var out: [Asked<T>] = []
            for await r in group { out.append(r) }
            return out
        }
        var parts = [try await mine]
        var missing: [MissingSite] = []
        for result in asked.sorted(by: { $0.site < $1.site }) {
            switch result.outcome {
            case .success(let part): parts.append(part)
            case .failure(let gap): missing.append(MissingSite(site: gap.site, reason: gap.reason))
            }
        }
        return (parts, missing)
    }
}
