// MARK: - FaultAction

/// One scheduled fault of a scenario's plan. Sites are positions in the scenario's site list.
public enum FaultAction: Hashable, Sendable {
    /// Every link between the groups is cut both ways.
    case partition([Int], [Int], durationMs: Int64)
    /// Messages from → to are lost; the other direction works.
    case oneWay(from: [Int], to: [Int], durationMs: Int64)
    /// Messages between the two sites wait until the clog ends.
    case clog(Int, Int, durationMs: Int64)
    /// The link between two sites goes down and up every `periodMs` (cut for half of it).
    case flap(Int, Int, periodMs: Int64, durationMs: Int64)
    /// The site's node crashes and restarts after `downMs`.
    case crash(Int, downMs: Int64)
    /// Every node restarts in turn, one every `gapMs`, each down for `downMs`.
    case rollingRestart(gapMs: Int64, downMs: Int64)
    /// The site's clock runs `ms` ahead (negative: behind) from now on.
    case skew(Int, ms: Int64)
    /// The site's clock jumps by `ms` now.
    case jump(Int, ms: Int64)
    /// The site's disk fails every write for a while.
    case diskError(Int, durationMs: Int64)
    /// The site's disk is full for a while.
    case diskFull(Int, durationMs: Int64)
}

/// A fault at a time of the run.
public struct TimedFault: Hashable, Sendable {
    public var atMs: Int64
    public var action: FaultAction
    public init(atMs: Int64, action: FaultAction) {
        self.atMs = atMs
        self.action = action
    }
}

// MARK: - Fault plan language

/// Parses the one-line fault language of `[faults] plan = [...]`:
///
///     at 30m partition hq | north-bay, east-lake for 40m
///     at 10m one-way hq -> east-lake for 5m
///     at 12m clog hq ~ east-lake for 90s
///     at 20m flap hq ~ west-hill every 20s for 10m
///     at 45m crash north-bay for 3m
///     at 60m rolling-restart every 2m down 30s
///     at 0s skew west-hill +90s
///     at 15m jump east-lake -5s
///     at 50m disk-error north-bay for 1m
///     at 50m disk-full north-bay for 1m
///
/// Durations are integers with `ms`, `s`, `m` or `h`.
enum FaultPlanParser {
    static func parse(_ line: String, sites: [String]) throws(ScenarioError) -> TimedFault {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        func fail(_ why: String) -> ScenarioError { ScenarioError("fault '\(line)': \(why)") }
        guard words.count >= 3, words[0] == "at" else { throw fail("must start with 'at TIME'") }
        let at = try duration(words[1], line)
        let rest = Array(words[2...])
        let verb = rest[0]
        let args = Array(rest.dropFirst())
        func site(_ name: String) throws(ScenarioError) -> Int {
            let n = name.trimmingCharacters(in: ",")
            guard let i = sites.firstIndex(of: n) else { throw fail("unknown site '\(n)' (sites: \(sites.joined(separator: ", ")))") }
            return i
        }
        func group(_ words: ArraySlice<String>) throws(ScenarioError) -> [Int] {
            var out: [Int] = []
            for w in words.joined(separator: ",").split(separator: ",") where !w.isEmpty { out.append(try site(String(w))) }
            guard !out.isEmpty else { throw fail("empty site group") }
            return out
        }
        func keyword(_ k: String) throws(ScenarioError) -> Int64 {
            guard let i = args.firstIndex(of: k), i + 1 < args.count else { throw fail("missing '\(k) DURATION'") }
            return try duration(args[i + 1], line)
        }
        func before(_ k: String) -> ArraySlice<String> { args[..<(args.firstIndex(of: k) ?? args.endIndex)] }
        func pair(_ sep: String) throws(ScenarioError) -> (Int, Int) {
            let head = before("for").prefix { $0 != "every" }
            guard head.count == 3, head[head.startIndex + 1] == sep else { throw fail("expected 'A \(sep) B'") }
            return (try site(head[head.startIndex]), try site(head[head.startIndex + 2]))
        }
        let action: FaultAction
        switch verb {
        case "partition":
            let head = before("for")
            guard let bar = head.firstIndex(of: "|") else { throw fail("expected 'A, B | C, D'") }
            action = .partition(try group(head[..<bar]), try group(head[(bar + 1)...]), durationMs: try keyword("for"))
        case "one-way":
            let head = before("for")
            guard let arrow = head.firstIndex(of: "->") else { throw fail("expected 'A -> B'") }
            action = .oneWay(from: try group(head[..<arrow]), to: try group(head[(arrow + 1)...]), durationMs: try keyword("for"))
        case "clog":
            let (a, b) = try pair("~")
            action = .clog(a, b, durationMs: try keyword("for"))
        case "flap":
            let (a, b) = try pair("~")
            action = .flap(a, b, periodMs: try keyword("every"), durationMs: try keyword("for"))
        case "crash":
            guard let first = args.first else { throw fail("crash needs a site") }
            action = .crash(try site(first), downMs: try keyword("for"))
        case "rolling-restart":
            action = .rollingRestart(gapMs: try keyword("every"), downMs: try keyword("down"))
        case "skew", "jump":
            guard args.count == 2 else { throw fail("\(verb) needs a site and a signed duration") }
            let ms = try signedDuration(args[1], line)
            action = verb == "skew" ? .skew(try site(args[0]), ms: ms) : .jump(try site(args[0]), ms: ms)
        case "disk-error", "disk-full":
            guard let first = args.first else { throw fail("\(verb) needs a site") }
            let d = try keyword("for")
            action = verb == "disk-error" ? .diskError(try site(first), durationMs: d) : .diskFull(try site(first), durationMs: d)
        default:
            throw fail("unknown fault '\(verb)'")
        }
        return TimedFault(atMs: at, action: action)
    }

    /// `90s`, `40m`, `2h`, `500ms` → milliseconds (at most 7 days).
    static func duration(_ text: String, _ line: String) throws(ScenarioError) -> Int64 {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            if let n = Int64(digits), n >= 0, n <= 7 * 86_400_000 / factor { return n * factor }
        }
        throw ScenarioError("fault '\(line)': bad duration '\(text)' (use e.g. 500ms, 90s, 40m, 2h; at most 7 days)")
    }

    static func signedDuration(_ text: String, _ line: String) throws(ScenarioError) -> Int64 {
        if text.hasPrefix("-") { return -(try duration(String(text.dropFirst()), line)) }
        if text.hasPrefix("+") { return try duration(String(text.dropFirst()), line) }
        return try duration(text, line)
    }
}

extension String {
    func trimmingCharacters(in chars: String) -> String {
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
