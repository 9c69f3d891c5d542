/// Bounds on every free-text and list field of a ticket (DESIGN §7). Text is measured in
/// Unicode scalars, so one CJK character counts one and a pile of combining marks cannot hide
/// inside a single "character".
public enum TicketLimits {
    public static let titleCharsMax = 200
    public static let descriptionCharsMax = 4_000
    public static let noteCharsMax = 4_000
    public static let photosPerNoteMax = 20
    public static let materialsPerNoteMax = 50
    public static let materialNameCharsMax = 100
    public static let materialUnitCharsMax = 16
    public static let materialQuantityMax = 1_000_000.0
    public static let summaryCharsMax = 4_000
    public static let reasonCharsMax = 1_000
    public static let commentCharsMax = 2_000
    /// Ids of people, departments, residents, rooms, calls, recordings, attachments.
    public static let idCharsMax = 128
    public static let phoneCharsMax = 32
    public static let escalationLevelMax = 3
    public static let satisfactionRange = 1...5
}

extension String {
    /// The length the limits measure: Unicode scalars.
    var limitLength: Int { unicodeScalars.count }

    /// Empty or only whitespace.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
