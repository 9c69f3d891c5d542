// MARK: - TOMLValue

/// A value of the TOML subset scenarios use.
public enum TOMLValue: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])

    public var description: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .int(let n): "\(n)"
        case .float(let d): "\(d)"
        case .bool(let b): "\(b)"
        case .array(let a): "[\(a.map(\.description).joined(separator: ", "))]"
        }
    }
}

/// Why a scenario file could not be read: the line and what was wrong.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int?
    public let message: String
    public init(line: Int? = nil, _ message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

// MARK: - ScenarioTOML

/// A parser for the subset of TOML the scenario files use: `# comments`, `[table]` and
/// `[dotted.table]` headers, `key = value` with basic strings (`\"`, `\\`, `\n`, `\t`
/// escapes), integers (with `_`), floats, booleans, and arrays (of those, possibly over
/// several lines, trailing comma allowed). No inline tables, no arrays of tables, no dates,
/// no multi-line strings. Every other input is refused with its line number.
public struct ScenarioTOML: Sendable {
    /// Table name ("" for the top level) → key → value.
    public private(set) var tables: [String: [String: TOMLValue]] = ["": [:]]

    /// Inputs larger than this are refused (a scenario is a page of text).
    public static let bytesMax = 256 * 1024

    public init(parsing text: String) throws(ScenarioError) {
        guard text.utf8.count <= Self.bytesMax else {
            throw ScenarioError("scenario is \(text.utf8.count) bytes; the limit is \(Self.bytesMax)")
        }
        var table = ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let number = i + 1
            var line = Self.stripComment(lines[i]).trimmingSpaces
            i += 1
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[["), line.count > 2 else {
                    throw ScenarioError(line: number, "malformed table header \(line) (arrays of tables are not supported)")
                }
                table = String(line.dropFirst().dropLast()).trimmingSpaces
                guard Self.isKey(table, dotted: true) else { throw ScenarioError(line: number, "bad table name '\(table)'") }
                guard tables[table] == nil else { throw ScenarioError(line: number, "table [\(table)] defined twice") }
                tables[table] = [:]
                continue
            }
            // An array may continue over several lines until its brackets balance.
            while Self.bracketDepth(line) > 0 && i < lines.count {
                line += " " + Self.stripComment(lines[i]).trimmingSpaces
                lines[i] = ""
                i += 1
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw ScenarioError(line: number, "expected key = value, got '\(line.prefix(60))'")
            }
            let key = String(line[..<eq]).trimmingSpaces
            guard Self.isKey(key, dotted: false) else { throw ScenarioError(line: number, "bad key '\(key)'") }
            guard tables[table]?[key] == nil else { throw ScenarioError(line: number, "key '\(key)' set twice") }
            var p = Parser(text: Array(String(line[line.index(after: eq)...]).unicodeScalars), line: number)
            let value = try p.value()
            try p.end()
            tables[table, default: [:]][key] = value
        }
    }

    /// The value at `table.key`, or nil.
    public func value(_ table: String, _ key: String) -> TOMLValue? { tables[table]?[key] }

    /// Table names, sorted.
    public var tableNames: [String] { tables.keys.sorted() }

    // MARK: Lexing helpers

    static func stripComment(_ line: String) -> String {
        var inString = false, escaped = false
        for (i, c) in line.enumerated() {
            if escaped { escaped = false; continue }
            if c == "\\" && inString { escaped = true; continue }
            if c == "\"" { inString.toggle() }
            if c == "#" && !inString { return String(line.prefix(i)) }
        }
        return line
    }

    static func bracketDepth(_ line: String) -> Int {
        var depth = 0, inString = false, escaped = false
        guard let eq = line.firstIndex(of: "=") else { return 0 }
        for c in line[line.index(after: eq)...] {
            if escaped { escaped = false; continue }
            if c == "\\" && inString { escaped = true; continue }
            if c == "\"" { inString.toggle() }
            if !inString && c == "[" { depth += 1 }
            if !inString && c == "]" { depth -= 1 }
        }
        return depth
    }

    static func isKey(_ s: String, dotted: Bool) -> Bool {
        !s.isEmpty && s.utf8.count <= 64 && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "_" || $0 == "-" || (dotted && $0 == ".")
        }
    }

    // MARK: Values

    struct Parser {
        let text: [Unicode.Scalar]
        let line: Int
        var i = 0

        mutating func skipSpaces() { while i < text.count && (text[i] == " " || text[i] == "\t") { i += 1 } }

        mutating func end() throws(ScenarioError) {
            skipSpaces()
            guard i == text.count else { throw ScenarioError(line: line, "unexpected text after the value") }
        }

        mutating func value(depth: Int = 0) throws(ScenarioError) -> TOMLValue {
            skipSpaces()
            guard i < text.count else { throw ScenarioError(line: line, "missing value") }
            guard depth < 4 else { throw ScenarioError(line: line, "arrays nested too deep") }
            switch text[i] {
            case "\"": return .string(try string())
            case "[": return try array(depth: depth)
            default: return try bare()
            }
        }

        mutating func string() throws(ScenarioError) -> String {
            i += 1
            var out = String.UnicodeScalarView()
            while i < text.count {
                let c = text[i]
                i += 1
                if c == "\"" { return String(out) }
                if c == "\\" {
                    guard i < text.count else { break }
                    let e = text[i]
                    i += 1
                    switch e {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: throw ScenarioError(line: line, "unsupported escape \\\(e)")
                    }
                } else {
                    out.append(c)
                }
            }
            throw ScenarioError(line: line, "unterminated string")
        }

        mutating func array(depth: Int) throws(ScenarioError) -> TOMLValue {
            i += 1
            var items: [TOMLValue] = []
            while true {
                skipSpaces()
                guard i < text.count else { throw ScenarioError(line: line, "unterminated array") }
                if text[i] == "]" { i += 1; return .array(items) }
                items.append(try value(depth: depth + 1))
                guard items.count <= 1_000 else { throw ScenarioError(line: line, "array longer than 1000 items") }
                skipSpaces()
                guard i < text.count else { throw ScenarioError(line: line, "unterminated array") }
                if text[i] == "," { i += 1; continue }
                guard text[i] == "]" else { throw ScenarioError(line: line, "expected , or ] in array") }
            }
        }

        mutating func bare() throws(ScenarioError) -> TOMLValue {
            var token = ""
            while i < text.count, text[i] != ",", text[i] != "]", text[i] != " ", text[i] != "\t" {
                token.unicodeScalars.append(text[i])
                i += 1
            }
            if token == "true" { return .bool(true) }
            if token == "false" { return .bool(false) }
            let digits = token.replacingUnderscores
            if let n = Int64(digits) { return .int(n) }
            if digits.contains("."), let d = Double(digits), d.isFinite { return .float(d) }
            throw ScenarioError(line: line, "cannot read value '\(token.prefix(40))' (strings need double quotes)")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }

    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
