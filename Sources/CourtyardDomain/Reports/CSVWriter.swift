// MARK: - CSV export

/// Writes CSV (RFC 4180) for the report exports: fields separated by commas, records by
/// CRLF, a field quoted when it holds a comma, a quote, CR or LF (quotes doubled inside).
///
/// Spreadsheet formula injection is guarded: a text cell starting with `=`, `+`, `-`, `@`,
/// a tab or a CR is prefixed with `'` so Excel or LibreOffice show it as text instead of
/// evaluating it. Plain numbers (`-12`, `3.5`) are left as they are.
/// The document starts with a UTF-8 byte-order mark so Excel reads Chinese correctly.
public struct CSVWriter: Sendable {
    public static let byteOrderMark = "\u{FEFF}"
    private(set) public var text: String

    public init(header: [String]) {
        text = Self.byteOrderMark
        append(header)
    }

    /// Appends one record.
    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.field).joined(separator: ",")
        text += "\r\n"
    }

    /// One field, guarded and quoted as needed.
    public static func field(_ raw: String) -> String {
        var value = raw
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first),
           !isPlainNumber(value) {
            value = "'" + value
        }
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append(scalar) }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// `-?digits(.digits)?`: a number no spreadsheet evaluates as a formula.
    static func isPlainNumber(_ s: String) -> Bool {
        var scalars = Substring(s).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = String(scalars).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
    }
}
