/// Why a spelling of a phone number was refused. Every case carries what a person
/// needs to fix the input; `message` says it in one sentence.
public enum PhoneNumberError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing but separators.
    case empty
    /// The raw text is longer than `PhoneNumber.inputBytesMax`.
    case inputTooLong(bytes: Int)
    /// A letter or symbol that is not part of any phone spelling.
    case invalidCharacter(Character)
    /// Fewer digits than any Chinese number (and not a known short service number).
    case tooShort(digits: Int)
    /// More digits than any number (E.164 allows at most 15).
    case tooLong(digits: Int)
    /// Starts like a mobile (13x–19x) but does not have 11 digits.
    case mobileWrongLength(digits: Int)
    /// The area code of a landline is not a Chinese area code.
    case invalidAreaCode(String)
    /// The subscriber part of a landline is not 7 or 8 digits, or starts with 0.
    case invalidSubscriber(String)
    /// A 7- or 8-digit local number with no area code and no default area code given.
    case missingAreaCode(String)
    /// The extension after 转 / ext / x / # / , is not 1–6 digits.
    case invalidExtension(String)
    /// Digits in no known shape (for instance a 9-digit number starting with 1).
    case unrecognised(String)

    /// A clear, user-facing sentence.
    public var message: String {
        switch self {
        case .empty:
            return "phone number is empty"
        case .inputTooLong(let bytes):
            return "phone number text is too long (\(bytes) bytes, at most \(PhoneNumber.inputBytesMax))"
        case .invalidCharacter(let c):
            return "phone number contains '\(c)', which is not a digit or separator"
        case .tooShort(let digits):
            return "phone number is too short (\(digits) digits)"
        case .tooLong(let digits):
            return "phone number is too long (\(digits) digits, at most \(PhoneNumber.digitsMax))"
        case .mobileWrongLength(let digits):
            return "mobile numbers have 11 digits, this one has \(digits)"
        case .invalidAreaCode(let code):
            return "'0\(code)' is not a Chinese area code"
        case .invalidSubscriber(let sub):
            return "landline number '\(sub)' must be 7 or 8 digits not starting with 0"
        case .missingAreaCode(let sub):
            return "landline number '\(sub)' needs an area code (for example 010- or 0755-)"
        case .invalidExtension(let ext):
            return "extension '\(ext)' must be 1 to \(PhoneNumber.extensionDigitsMax) digits"
        case .unrecognised(let digits):
            return "'\(digits)' is not a mobile, landline, 400/800 or short service number"
        }
    }

    public var description: String { message }
}
