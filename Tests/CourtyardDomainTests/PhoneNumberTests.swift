import Testing
@testable import CourtyardDomain

/// The same phone in any spelling must normalise to one canonical form; garbage is refused
/// with a typed error.
struct PhoneNumberTests {
    // MARK: Valid spellings

    static let valid: [(input: String, canonical: String)] = [
        // mobiles
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        ("138.1234.5678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("+86-13812345678", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("8613812345678", "+8613812345678"),
        ("86 199 0000 1111", "+8619900001111"),
        ("１３８１２３４５６７８", "+8613812345678"),
        ("＋８６　１３８－１２３４－５６７８", "+8613812345678"),
        ("(+86) 138 1234 5678", "+8613812345678"),
        ("013812345678", "+8613812345678"),
        // landlines
        ("010-1234 5678", "+861012345678"),
        ("010-12345678", "+861012345678"),
        ("(010) 1234-5678", "+861012345678"),
        ("+86 10 1234 5678", "+861012345678"),
        ("0086-10-12345678", "+861012345678"),
        ("86 10 1234 5678", "+861012345678"),
        ("0755-8888-6666", "+8675588886666"),
        ("+86 755 8888 6666", "+8675588886666"),
        ("+86 (0)755 8888 6666", "+8675588886666"),
        ("755 8888 6666", "+8675588886666"),
        ("(021)5555 1234", "+862155551234"),
        ("０２１－５５５５１２３４", "+862155551234"),
        ("0571-8765432", "+865718765432"),
        // extensions
        ("010-12345678转123", "+861012345678;ext=123"),
        ("010-12345678-转-123", "+861012345678;ext=123"),
        ("010 1234 5678 ext 12", "+861012345678;ext=12"),
        ("010 1234 5678 EXT. 12", "+861012345678;ext=12"),
        ("010-12345678 x12", "+861012345678;ext=12"),
        ("010-12345678#123", "+861012345678;ext=123"),
        ("010-12345678,123", "+861012345678;ext=123"),
        ("0755-88886666 分机 8001", "+8675588886666;ext=8001"),
        ("+861012345678;ext=123", "+861012345678;ext=123"),
        // 400 / 800
        ("400-810-1234", "+864008101234"),
        ("4008101234", "+864008101234"),
        ("800 810 1234", "+868008101234"),
        ("+86 400 810 1234", "+864008101234"),
        // short service numbers, kept as dialled
        ("95598", "95598"),
        ("12345", "12345"),
        ("110", "110"),
        ("10086", "10086"),
        ("955 88", "95588"),
        // other countries
        ("+852 2345 6789", "+85223456789"),
        ("00852 2345 6789", "+85223456789"),
    ]

    @Test(arguments: valid)
    func parse_whenSpellingIsValid_returnsCanonicalForm(input: String, canonical: String) throws {
        let phone = try PhoneNumber(parsing: input)
        #expect(phone.canonical == canonical)
    }

    @Test(arguments: valid)
    func parse_ofCanonicalForm_roundTrips(input: String, canonical: String) throws {
        let phone = try PhoneNumber(parsing: input)
        #expect(try PhoneNumber(parsing: phone.canonical) == phone)
    }

    // MARK: Invalid spellings

    static let invalid: [(input: String, error: PhoneNumberError)] = [
        ("", .empty),
        (" - ", .empty),
        ("1234", .tooShort(digits: 4)),
        ("12", .tooShort(digits: 2)),
        ("138123", .tooShort(digits: 6)),
        ("1381234567", .mobileWrongLength(digits: 10)),
        ("138123456789", .mobileWrongLength(digits: 12)),
        ("+86 138 1234 567", .mobileWrongLength(digits: 10)),
        ("138-abcd-5678", .invalidCharacter("a")),
        ("tel 13812345678", .invalidCharacter("t")),
        ("138?1234", .invalidCharacter("?")),
        ("12345678901234567890", .tooLong(digits: 20)),
        ("+12 3456 7890 1234 56", .tooLong(digits: 16)),
        ("010-123", .tooShort(digits: 5)),
        ("010-123456789", .invalidSubscriber("123456789")),
        ("010-02345678", .invalidSubscriber("02345678")),
        ("88886666", .missingAreaCode("88886666")),
        ("010-12345678转", .invalidExtension("")),
        ("010-12345678 ext 1234567", .invalidExtension("1234567")),
        ("010-12345678转abc", .invalidExtension("abc")),
        ("011-12345678", .invalidAreaCode("11")),
        ("1112345678", .unrecognised("1112345678")),
    ]

    @Test(arguments: invalid)
    func parse_whenSpellingIsGarbage_throwsTypedError(input: String, error: PhoneNumberError) {
        #expect(throws: error) { try PhoneNumber(parsing: input) }
    }

    @Test func parse_whenInputTooLong_refusesBeforeParsing() {
        let long = String(repeating: "1", count: PhoneNumber.inputBytesMax + 1)
        #expect(throws: PhoneNumberError.inputTooLong(bytes: PhoneNumber.inputBytesMax + 1)) {
            try PhoneNumber(parsing: long)
        }
    }

    @Test func errorMessages_sayWhatIsWrong() {
        #expect(PhoneNumberError.mobileWrongLength(digits: 10).message == "mobile numbers have 11 digits, this one has 10")
        #expect(PhoneNumberError.invalidCharacter("a").message.contains("'a'"))
        #expect(PhoneNumberError.missingAreaCode("88886666").message.contains("area code"))
    }

    // MARK: Kinds, parts and match keys

    @Test func parse_landline_keepsAreaCodeAndSubscriber() throws {
        let phone = try PhoneNumber(parsing: "0755-8888-6666 转 12")
        #expect(phone.kind == .landline)
        #expect(phone.areaCode == "755")
        #expect(phone.subscriberNumber == "88886666")
        #expect(phone.extensionDigits == "12")
        #expect(phone.canonicalWithoutExtension == "+8675588886666")
    }

    @Test func parse_localNumberWithDefaultAreaCode_usesIt() throws {
        let phone = try PhoneNumber(parsing: "8888 6666", defaultAreaCode: "0755")
        #expect(phone.canonical == "+8675588886666")
        #expect(try PhoneNumber(parsing: "8888 6666", defaultAreaCode: "755") == phone)
    }

    @Test func parse_localNumberWithBadDefaultAreaCode_refuses() {
        #expect(throws: PhoneNumberError.invalidAreaCode("x1")) {
            try PhoneNumber(parsing: "88886666", defaultAreaCode: "x1")
        }
    }

    @Test func kinds_areClassified() throws {
        #expect(try PhoneNumber(parsing: "13812345678").kind == .mobile)
        #expect(try PhoneNumber(parsing: "400-810-1234").kind == .service)
        #expect(try PhoneNumber(parsing: "95598").kind == .short)
        #expect(try PhoneNumber(parsing: "+852 2345 6789").kind == .international)
    }

    @Test func matchKeys_ignoreExtensionAndAddSubscriberFallbackForLandlines() throws {
        let onFile = try PhoneNumber(parsing: "010-1234 5678 转 123")
        let callerID = try PhoneNumber(parsing: "01012345678")
        #expect(onFile.matchKeys == ["+861012345678", "local:12345678"])
        #expect(onFile.matchKeys.first == callerID.matchKeys.first)
        let mobile = try PhoneNumber(parsing: "138 1234 5678")
        #expect(mobile.matchKeys == ["+8613812345678"])
    }

    @Test func matchKeys_ofLocalCallerID_meetStoredNumberOnFallbackKey() throws {
        let onFile = try PhoneNumber(parsing: "021-5555 1234")
        let localCall = try PhoneNumber(parsing: "55551234", defaultAreaCode: "010")  // wrong city guess
        #expect(onFile.matchKeys.first != localCall.matchKeys.first)
        #expect(onFile.matchKeys.last == localCall.matchKeys.last)
    }

    // MARK: Lists and coding

    @Test func splitList_splitsOnAllSeparatorsButKeepsCanonicalExtension() {
        #expect(PhoneNumber.splitList("138 1234 5678；010-1234 5678 / 95598;0755-88886666、400-810-1234")
            == ["138 1234 5678", "010-1234 5678", "95598", "0755-88886666", "400-810-1234"])
        #expect(PhoneNumber.splitList("+861012345678;ext=12;13812345678")
            == ["+861012345678;ext=12", "13812345678"])
        #expect(PhoneNumber.splitList(" ; ；") == [])
    }

    @Test func normalize_returnsCanonicalString() throws {
        #expect(try PhoneNumber.normalize("(010)1234-5678") == "+861012345678")
    }
}
