import CourtyardReplication

// MARK: - Reading a scenario file

extension Scenario {
    /// Reads a scenario from the TOML subset of `ScenarioTOML` (layout in docs/simulation.md).
    /// Unknown tables and keys are refused, so a typo never silently falls back to a default.
    public init(toml text: String) throws(ScenarioError) {
        let doc = try ScenarioTOML(parsing: text)
        var r = Reader(doc: doc)
        try r.checkKnown()
        guard let name = try r.string("", "name") else { throw ScenarioError("missing top-level 'name'") }
        guard let sites = try r.strings("cluster", "sites") else { throw ScenarioError("missing [cluster] sites") }
        self.init(name: name, sites: sites)
        summary = try r.string("", "summary") ?? ""
        hq = try r.string("cluster", "hq")
        if let d = try r.duration("cluster", "duration") { durationMs = d }
        if let d = try r.duration("cluster", "quiesce") { quiesceMs = d }
        if let d = try r.duration("cluster", "status_every") { statusEveryMs = d }
        if let h = try r.int("cluster", "start_hour") { startHour = Int(h) }
        try readWorkload(&r)
        try readNetwork(&r)
        try readCallCenter(&r)
        for line in try r.strings("faults", "plan") ?? [] {
            faults.append(try FaultPlanParser.parse(line, sites: sites))
        }
        try readBuggify(&r)
        if let b = try r.int("checks", "false_positive_budget") { falsePositiveBudget = Int(b) }
        try validate()
    }

    private mutating func readWorkload(_ r: inout Reader) throws(ScenarioError) {
        if let c = try r.number("workload", "calls_per_hour") { workload.callsPerHourPerSite = c }
        if let name = try r.string("workload", "curve") {
            guard let curve = WorkloadSettings.curve(named: name) else {
                throw ScenarioError("[workload] curve '\(name)': use weekday, night or flat")
            }
            workload.hourlyCurve = curve
        }
        for text in try r.strings("workload", "surges") ?? [] { workload.surges.append(try Self.surge(text)) }
        if let mix = try r.strings("workload", "consistency") {
            workload.consistencyMix = []
            for m in mix { workload.consistencyMix.append(try Self.consistency(m)) }
        }
        if let p = try r.number("workload", "slow_ticket_percent") { workload.slowTicketRate = p / 100 }
        if let p = try r.number("workload", "emergency_percent") { workload.emergencyRate = p / 100 }
    }

    private mutating func readNetwork(_ r: inout Reader) throws(ScenarioError) {
        if let v = try r.int("network", "delay_min_ms") { link.delayMinMs = v }
        if let v = try r.int("network", "delay_max_ms") { link.delayMaxMs = v }
        if let v = try r.number("network", "drop_percent") { link.dropRate = v / 100 }
        if let v = try r.number("network", "duplicate_percent") { link.duplicateRate = v / 100 }
        if let v = try r.number("network", "slow_percent") { link.slowRate = v / 100 }
        if let v = try r.int("network", "slow_delay_ms") { link.slowDelayMs = v }
    }

    private mutating func readCallCenter(_ r: inout Reader) throws(ScenarioError) {
        var c = callCenter
        if let n = try r.int("agents", "per_site") { c.agentsPerSite = Int(clamping: n) }
        if let counts = try r.ints("agents", "counts") { c.agentCounts = counts.map { Int(clamping: $0) } }
        if let t = try r.string("agents", "talk") { (c.talkMinMs, c.talkMaxMs) = try Self.range(t, "[agents] talk") }
        if let d = try r.duration("agents", "wrap_up") { c.wrapUpMs = d }
        if let d = try r.duration("agents", "shift") { c.shiftMs = d }
        if let p = try r.number("agents", "break_percent_per_minute") { c.breakRatePerMinute = p / 100 }
        if let p = try r.number("agents", "no_answer_percent") { c.noAnswerRate = p / 100 }
        if let p = try r.number("agents", "decline_percent") { c.declineRate = p / 100 }
        if let s = try r.string("agents", "overflow_after") {
            c.overflowAfterMs = s == "never" ? nil : try FaultPlanParser.duration(s, "[agents] overflow_after = \(s)")
        }
        if let t = try r.string("callers", "patience") { (c.patienceMinMs, c.patienceMaxMs) = try Self.range(t, "[callers] patience") }
        if let p = try r.number("callers", "returning_percent") { c.returningRate = p / 100 }
        if let keys = try r.strings("callers", "ivr_keys") { c.ivrKeys = keys }
        callCenter = c
    }

    /// `1m..4m` → (60000, 240000).
    static func range(_ text: String, _ key: String) throws(ScenarioError) -> (Int64, Int64) {
        let parts = text.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw ScenarioError("\(key) '\(text)': expected 'FROM..TO', e.g. '1m..4m'") }
        let a = try FaultPlanParser.duration(parts[0], text), b = try FaultPlanParser.duration(parts[1], text)
        guard a <= b else { throw ScenarioError("\(key) '\(text)': FROM must not be after TO") }
        return (a, b)
    }

    private mutating func readBuggify(_ r: inout Reader) throws(ScenarioError) {
        swarm = try r.bool("buggify", "swarm") ?? false
        let on = try r.strings("buggify", "sites") ?? sites
        var positions: [Int] = []
        for s in on {
            guard let i = sites.firstIndex(of: s) else { throw ScenarioError("[buggify] sites: unknown site '\(s)'") }
            positions.append(i)
        }
        for name in try r.strings("buggify", "points") ?? [] {
            guard let p = FaultPoint(rawValue: name) else {
                throw ScenarioError("[buggify] unknown fault point '\(name)'; known: \(FaultPoint.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            faultPoints[p] = positions
        }
    }

    /// `30m..2h x10`
    static func surge(_ text: String) throws(ScenarioError) -> Surge {
        let parts = text.split(separator: " ").map(String.init)
        let range = parts.first.map { $0.split(separator: "..", omittingEmptySubsequences: false).map(String.init) } ?? []
        guard parts.count == 2, range.count == 2, parts[1].hasPrefix("x"), let f = Double(parts[1].dropFirst()),
              f > 0, f <= 100 else {
            throw ScenarioError("surge '\(text)': expected 'FROM..TO xFACTOR', e.g. '30m..2h x10'")
        }
        let a = try FaultPlanParser.duration(range[0], text), b = try FaultPlanParser.duration(range[1], text)
        guard a < b else { throw ScenarioError("surge '\(text)': FROM must be before TO") }
        return Surge(startMs: a, endMs: b, factor: f)
    }

    static func consistency(_ text: String) throws(ScenarioError) -> ConsistencyLevel {
        switch text {
        case "local": return .local
        case "quorum": return .quorum
        case "all": return .all
        default:
            if text.hasPrefix("sites("), text.hasSuffix(")"), let n = Int(text.dropFirst(6).dropLast()), (1...16).contains(n) {
                return .sites(n)
            }
            throw ScenarioError("consistency '\(text)': use local, quorum, all or sites(N)")
        }
    }
}

// MARK: - Typed access

private struct Reader {
    let doc: ScenarioTOML

    static let known: [String: [String]] = [
        "": ["name", "summary"],
        "cluster": ["sites", "hq", "duration", "quiesce", "status_every", "start_hour"],
        "workload": ["calls_per_hour", "curve", "surges", "consistency", "slow_ticket_percent", "emergency_percent"],
        "agents": ["per_site", "counts", "talk", "wrap_up", "shift", "break_percent_per_minute", "no_answer_percent",
                   "decline_percent", "overflow_after"],
        "callers": ["patience", "returning_percent", "ivr_keys"],
        "network": ["delay_min_ms", "delay_max_ms", "drop_percent", "duplicate_percent", "slow_percent", "slow_delay_ms"],
        "faults": ["plan"],
        "buggify": ["points", "sites", "swarm"],
        "checks": ["false_positive_budget"],
    ]

    func checkKnown() throws(ScenarioError) {
        for table in doc.tableNames {
            guard let keys = Self.known[table] else { throw ScenarioError("unknown table [\(table)]") }
            for key in (doc.tables[table] ?? [:]).keys.sorted() where !keys.contains(key) {
                throw ScenarioError("unknown key '\(key)' in [\(table.isEmpty ? "top level" : table)]")
            }
        }
    }

    func where_(_ t: String, _ k: String) -> String { t.isEmpty ? k : "[\(t)] \(k)" }

    func string(_ t: String, _ k: String) throws(ScenarioError) -> String? {
        guard let v = doc.value(t, k) else { return nil }
        guard case .string(let s) = v else { throw ScenarioError("\(where_(t, k)) must be a string") }
        return s
    }

    func int(_ t: String, _ k: String) throws(ScenarioError) -> Int64? {
        guard let v = doc.value(t, k) else { return nil }
        guard case .int(let n) = v else { throw ScenarioError("\(where_(t, k)) must be an integer") }
        return n
    }

    func number(_ t: String, _ k: String) throws(ScenarioError) -> Double? {
        switch doc.value(t, k) {
        case nil: return nil
        case .int(let n)?: return Double(n)
        case .float(let d)?: return d
        default: throw ScenarioError("\(where_(t, k)) must be a number")
        }
    }

    func bool(_ t: String, _ k: String) throws(ScenarioError) -> Bool? {
        guard let v = doc.value(t, k) else { return nil }
        guard case .bool(let b) = v else { throw ScenarioError("\(where_(t, k)) must be true or false") }
        return b
    }

    func strings(_ t: String, _ k: String) throws(ScenarioError) -> [String]? {
        guard let v = doc.value(t, k) else { return nil }
        guard case .array(let items) = v else { throw ScenarioError("\(where_(t, k)) must be an array of strings") }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw ScenarioError("\(where_(t, k)) must hold only strings") }
            out.append(s)
        }
        return out
    }

    func ints(_ t: String, _ k: String) throws(ScenarioError) -> [Int64]? {
        guard let v = doc.value(t, k) else { return nil }
        guard case .array(let items) = v else { throw ScenarioError("\(where_(t, k)) must be an array of integers") }
        var out: [Int64] = []
        for item in items {
            guard case .int(let n) = item else { throw ScenarioError("\(where_(t, k)) must hold only integers") }
            out.append(n)
        }
        return out
    }

    func duration(_ t: String, _ k: String) throws(ScenarioError) -> Int64? {
        guard let s = try string(t, k) else { return nil }
        return try FaultPlanParser.duration(s, "\(where_(t, k)) = \(s)")
    }
}
