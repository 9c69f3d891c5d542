/// Why a CSV file could not be read at all. Lines and columns are 1-based and physical (what
/// a text editor shows), so the user can find the spot.
public enum CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    case fileTooLarge(bytes: Int, bytesMax: Int)
    case tooManyRows(line: Int, rowsMax: Int)
    case tooManyColumns(line: Int, columnsMax: Int)
    case fieldTooLong(line: Int, column: Int, bytesMax: Int)
    /// A quote inside an unquoted field, or text after a closing quote.
    case unexpectedQuote(line: Int, column: Int)
    /// A quoted field that never closes; `line` is where it opened.
    case unterminatedQuote(line: Int)
    /// Bytes that are not UTF-8 — typically a spreadsheet saved as GBK.
    case notUTF8(line: Int, column: Int)

    /// The line the problem is on (the whole file for `fileTooLarge`: nil).
    public var line: Int? {
        switch self {
        case .fileTooLarge: return nil
        case .tooManyRows(let line, _), .tooManyColumns(let line, _), .fieldTooLong(let line, _, _),
             .unexpectedQuote(let line, _), .unterminatedQuote(let line), .notUTF8(let line, _):
            return line
        }
    }

    public var message: String {
        switch self {
        case .fileTooLarge(let bytes, let max):
            return "file is too large (\(bytes) bytes, at most \(max))"
        case .tooManyRows(let line, let max):
            return "line \(line): too many rows (at most \(max), header included); split the file"
        case .tooManyColumns(let line, let max):
            return "line \(line): too many columns (at most \(max))"
        case .fieldTooLong(let line, let column, let max):
            return "line \(line), column \(column): field is longer than \(max) bytes"
        case .unexpectedQuote(let line, let column):
            return "line \(line), column \(column): stray quote; quote the whole field and double quotes inside it (\"\")"
        case .unterminatedQuote(let line):
            return "line \(line): a quoted field is never closed"
        case .notUTF8(let line, let column):
            return "line \(line), column \(column): text is not UTF-8 (save the sheet as \"CSV UTF-8\"; GBK is not supported)"
        }
    }

    public var description: String { message }
}
