// MARK: - SMS segment counting

/// How many SMS segments a text takes (what an operator bills), per GSM 03.38 / 3GPP 23.040.
///
/// A text entirely in the GSM 7-bit alphabet takes 160 septets in one segment, or 153 per
/// segment when concatenated (the user-data header takes the rest); characters of the
/// extension table (`{`, `€`, …) take two septets. Any other character — every Chinese
/// character — switches the whole message to UCS-2: 70 UTF-16 units in one segment, 67 per
/// segment when concatenated (an emoji outside the BMP takes two units).
public struct SMSSegments: Hashable, Sendable {
    public enum Encoding: String, Hashable, Sendable, Codable {
        case gsm7
        case ucs2
    }

    public let encoding: Encoding
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    public let units: Int
    public let segments: Int

    public init(_ text: String) {
        var septets = 0
        var isGSM = true
        for scalar in text.unicodeScalars {
            if Self.basic.contains(scalar) {
                septets += 1
            } else if Self.extended.contains(scalar) {
                septets += 2
            } else {
                isGSM = false
                break
            }
        }
        if isGSM {
            encoding = .gsm7
            units = septets
            segments = septets == 0 ? 1 : (septets <= 160 ? 1 : (septets + 152) / 153)
        } else {
            encoding = .ucs2
            units = text.utf16.count
            segments = units <= 70 ? 1 : (units + 66) / 67
        }
    }

    // MARK: The GSM 7-bit default alphabet

    static let basic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)
    static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
