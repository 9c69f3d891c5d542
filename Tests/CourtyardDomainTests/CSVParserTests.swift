import Testing
@testable import CourtyardDomain

/// RFC 4180 parsing, physical line numbers, and the bounds.
struct CSVParserTests {
    func rows(_ text: String) throws -> [[String]] { try CSVParser.parse(text).map(\.fields) }
    func lines(_ text: String) throws -> [Int] { try CSVParser.parse(text).map(\.line) }

    @Test func parse_plainRowsWithLF() throws {
        #expect(try rows("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func parse_CRLFAndMissingTrailingNewline() throws {
        #expect(try rows("a,b\r\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try lines("a,b\r\n1,2\r\n3,4\r\n") == [1, 2, 3])
    }

    @Test func parse_quotedFieldsWithCommasAndDoubledQuotes() throws {
        #expect(try rows("\"张伟, 李娜\",\"他说\"\"好\"\"\",\"\"\n") == [["张伟, 李娜", "他说\"好\"", ""]])
    }

    @Test func parse_emptyFieldsAreKept() throws {
        #expect(try rows(",,\na,,b\n") == [["", "", ""], ["a", "", "b"]])
    }

    @Test func parse_stripsUTF8ByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("姓名,电话\n张伟,13812345678\n".utf8)
        let records = try CSVParser.parse(bytes)
        #expect(records.map(\.fields) == [["姓名", "电话"], ["张伟", "13812345678"]])
    }

    @Test func parse_embeddedNewlinesKeepLaterLineNumbersPhysical() throws {
        let text = "id,note\r\n1,\"第一行\r\n第二行\r\n第三行\"\r\n2,plain\r\n3,\"x\ny\"\n4,z\n"
        let records = try CSVParser.parse(text)
        #expect(records.map(\.line) == [1, 2, 5, 6, 8])
        #expect(records[1].fields[1] == "第一行\r\n第二行\r\n第三行")
        #expect(records[3].fields[1] == "x\ny")
    }

    @Test func parse_blankLinesAreSkippedButCounted() throws {
        #expect(try lines("a\n\n\nb\n\n") == [1, 4])
    }

    @Test func parse_quotedEmptyLineIsARecord() throws {
        #expect(try rows("\"\"\n") == [[""]])
    }

    @Test func parse_spacesAroundQuotedFieldArePadding() throws {
        #expect(try rows("a, \"b\" ,c\n") == [["a", "b", "c"]])
        #expect(try rows(" a b ,c\n") == [[" a b ", "c"]])
    }

    @Test func parse_loneCRIsALineEnd() throws {
        #expect(try lines("a\rb\rc") == [1, 2, 3])
    }

    // MARK: Malformed input

    @Test func parse_strayQuoteInUnquotedField_isRefusedWithPosition() {
        #expect(throws: CSVError.unexpectedQuote(line: 2, column: 2)) { try CSVParser.parse("a,b\n1,2\"3\n") }
    }

    @Test func parse_textAfterClosingQuote_isRefused() {
        #expect(throws: CSVError.unexpectedQuote(line: 1, column: 1)) { try CSVParser.parse("\"ab\"c,d\n") }
    }

    @Test func parse_unterminatedQuote_reportsWhereItOpened() {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) { try CSVParser.parse("a\nb\n\"c\nd\ne\n") }
    }

    @Test func parse_GBKBytes_areRefusedAsNotUTF8() {
        // "张伟" in GBK.
        let bytes: [UInt8] = Array("name\n".utf8) + [0xD5, 0xC5, 0xCE, 0xB0] + [0x0A]
        #expect(throws: CSVError.notUTF8(line: 2, column: 1)) { try CSVParser.parse(bytes) }
        #expect(CSVError.notUTF8(line: 2, column: 1).message.contains("GBK"))
    }

    // MARK: Bounds

    @Test func parse_fileOverByteLimit_isRefused() {
        let limits = CSVLimits(fileBytesMax: 10)
        #expect(throws: CSVError.fileTooLarge(bytes: 11, bytesMax: 10)) {
            try CSVParser.parse("0123456789\n", limits: limits)
        }
        #expect(CSVLimits.standard.fileBytesMax == 16 * 1024 * 1024)
    }

    @Test func parse_tooManyRows_isRefusedAtTheFirstRowOver() throws {
        let limits = CSVLimits(rowsMax: 3)
        #expect(try CSVParser.parse("h\n1\n2\n", limits: limits).count == 3)
        #expect(throws: CSVError.tooManyRows(line: 4, rowsMax: 3)) { try CSVParser.parse("h\n1\n2\n3\n", limits: limits) }
    }

    @Test func parse_fieldOverLimit_isRefused() throws {
        let limits = CSVLimits(fieldBytesMax: 6)
        #expect(try rows("张伟\n") == [["张伟"]])  // 6 bytes: at the limit
        #expect(try CSVParser.parse("张伟\n", limits: limits).count == 1)
        #expect(throws: CSVError.fieldTooLong(line: 2, column: 2, bytesMax: 6)) {
            try CSVParser.parse("a\nb,张伟x\n", limits: limits)
        }
    }

    @Test func parse_tooManyColumns_isRefused() {
        let limits = CSVLimits(columnsMax: 3)
        #expect(throws: CSVError.tooManyColumns(line: 2, columnsMax: 3)) {
            try CSVParser.parse("a,b,c\n1,2,3,4\n", limits: limits)
        }
    }

    @Test func parse_defaultLimits_acceptMaximumShapedField() throws {
        let big = String(repeating: "水", count: CSVLimits.fieldBytesMaxDefault / 3)
        #expect(try rows("\(big)\n") == [[big]])
        let tooBig = big + "ab"
        #expect(throws: CSVError.fieldTooLong(line: 1, column: 1, bytesMax: CSVLimits.fieldBytesMaxDefault)) {
            try CSVParser.parse(tooBig)
        }
    }
}
