@testable import CourtyardDomain
import Testing

/// CSV export: RFC 4180 quoting, CRLF records, UTF-8 BOM, and formula-injection guarding.
@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line1\nline2", "\"line1\nline2\""),
        ("cr\r\nlf", "\"cr\r\nlf\""),
        ("厨房水龙头漏水，急", "厨房水龙头漏水，急"),
        ("=1+2", "'=1+2"),
        ("+86 138", "'+86 138"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("-12", "-12"),
        ("-3.5", "-3.5"),
        ("42", "42"),
        ("-", "'-"),
        ("-1e5", "'-1e5"),
        ("", ""),
    ])
    func field_isQuotedAndGuarded(_ raw: String, _ expected: String) {
        #expect(CSVWriter.field(raw) == expected)
    }

    @Test func document_startsWithABOM_andEndsEveryRecordWithCRLF() {
        var csv = CSVWriter(header: ["id", "标题"])
        csv.append(["t1", "漏水, 急"])
        #expect(csv.text == "\u{FEFF}id,标题\r\nt1,\"漏水, 急\"\r\n")
    }

    @Test func written_thenParsed_givesTheFieldsBack() throws {
        let fields = ["a,b", "say \"hi\"", "多行\n文本", "普通"]
        var csv = CSVWriter(header: ["a", "b", "c", "d"])
        csv.append(fields)
        let records = try CSVParser.parse(String(csv.text.dropFirst()))
        #expect(records.last?.fields == fields)
    }
}
