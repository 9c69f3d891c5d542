/// One record of a CSV file and the physical line it starts on (1-based), so import errors
/// point at the line a spreadsheet user sees even after fields with embedded newlines.
public struct CSVRecord: Hashable, Sendable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Bounds on a CSV file. Exceeding one stops parsing with a `CSVError` naming the bound.
public struct CSVLimits: Hashable, Sendable {
    /// 16 MiB: a directory export of a large site is a few MiB.
    public static let fileBytesMaxDefault = 16 * 1024 * 1024
    /// Records, the header included.
    public static let rowsMaxDefault = 200_000
    /// 4 KiB per field (UTF-8 bytes): a long case solution fits, a pasted blob does not.
    public static let fieldBytesMaxDefault = 4 * 1024
    public static let columnsMaxDefault = 64

    public var fileBytesMax: Int
    public var rowsMax: Int
    public var fieldBytesMax: Int
    public var columnsMax: Int

    public init(fileBytesMax: Int = fileBytesMaxDefault, rowsMax: Int = rowsMaxDefault,
                fieldBytesMax: Int = fieldBytesMaxDefault, columnsMax: Int = columnsMaxDefault) {
        self.fileBytesMax = fileBytesMax
        self.rowsMax = rowsMax
        self.fieldBytesMax = fieldBytesMax
        self.columnsMax = columnsMax
    }

    public static let standard = CSVLimits()
}

/// An RFC 4180 CSV parser over UTF-8 bytes.
///
/// Accepts: fields quoted with `"` (a doubled `""` inside is one quote), CRLF or LF (or a lone
/// CR) line ends, line breaks inside quoted fields (kept as written), a UTF-8 byte-order mark,
/// a trailing line end or none, spaces around a quoted field (`a, "b" ,c`). Blank lines are
/// skipped (a spreadsheet leaves them; they carry no record). Refuses, with the line: a quote
/// inside an unquoted field or text after a closing quote, an unterminated quote, bytes that
/// are not UTF-8 (a GBK export), and anything over `CSVLimits`.
public enum CSVParser {
    /// Parses a whole file.
    public static func parse(_ bytes: [UInt8], limits: CSVLimits = .standard) throws(CSVError) -> [CSVRecord] {
        guard bytes.count <= limits.fileBytesMax else {
            throw .fileTooLarge(bytes: bytes.count, bytesMax: limits.fileBytesMax)
        }
        var state = ParseState(limits: limits)
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count {
            i = try state.consume(bytes, at: i)
        }
        return try state.finish()
    }

    /// Parses text (already decoded; the UTF-8 check cannot fail).
    public static func parse(_ text: String, limits: CSVLimits = .standard) throws(CSVError) -> [CSVRecord] {
        try parse(Array(text.utf8), limits: limits)
    }
}

// MARK: - State machine

private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")

private struct ParseState {
    let limits: CSVLimits
    var records: [CSVRecord] = []
    var fields: [String] = []
    var field: [UInt8] = []
    /// The physical line being read and the one the current record started on.
    var line = 1
    var recordLine = 1
    var quoteLine = 1
    var inQuotes = false
    var fieldWasQuoted = false
    var afterClosingQuote = false

    init(limits: CSVLimits) {
        self.limits = limits
    }

    /// Consumes the byte at `i` (two for CRLF and `""`) and returns the next index.
    mutating func consume(_ bytes: [UInt8], at i: Int) throws(CSVError) -> Int {
        let b = bytes[i]
        let next: UInt8? = i + 1 < bytes.count ? bytes[i + 1] : nil
        if inQuotes {
            if b == quote {
                if next == quote {
                    try append(quote)
                    return i + 2
                }
                inQuotes = false
                afterClosingQuote = true
                return i + 1
            }
            try append(b)
            if b == lf || (b == cr && next != lf) { line += 1 }
            return i + 1
        }
        switch b {
        case comma:
            try endField()
        case cr, lf:
            try endRecord()
            line += 1
            recordLine = line
            return b == cr && next == lf ? i + 2 : i + 1
        case quote:
            // Opening quote: only at the start of a field (after optional spaces).
            guard !fieldWasQuoted, field.allSatisfy({ $0 == space || $0 == tab }) else {
                throw .unexpectedQuote(line: line, column: fields.count + 1)
            }
            field.removeAll()
            inQuotes = true
            fieldWasQuoted = true
            quoteLine = line
        default:
            if afterClosingQuote {
                // Spaces after a closing quote are padding; anything else is malformed.
                guard b == space || b == tab else { throw .unexpectedQuote(line: line, column: fields.count + 1) }
            } else {
                try append(b)
            }
        }
        return i + 1
    }

    private mutating func append(_ b: UInt8) throws(CSVError) {
        field.append(b)
        if field.count > limits.fieldBytesMax {
            throw .fieldTooLong(line: line, column: fields.count + 1, bytesMax: limits.fieldBytesMax)
        }
    }

    private mutating func endField() throws(CSVError) {
        guard let text = String(validating: field, as: UTF8.self) else {
            throw .notUTF8(line: line, column: fields.count + 1)
        }
        fields.append(text)
        if fields.count > limits.columnsMax {
            throw .tooManyColumns(line: recordLine, columnsMax: limits.columnsMax)
        }
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
        afterClosingQuote = false
    }

    private mutating func endRecord() throws(CSVError) {
        let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted
        if blank { return }
        try endField()
        guard records.count < limits.rowsMax else {
            throw .tooManyRows(line: recordLine, rowsMax: limits.rowsMax)
        }
        records.append(CSVRecord(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
    }

    mutating func finish() throws(CSVError) -> [CSVRecord] {
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        try endRecord()
        return records
    }
}
