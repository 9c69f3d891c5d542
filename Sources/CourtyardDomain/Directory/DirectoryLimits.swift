/// Bounds on every directory field (units last: `…CharsMax` counts Characters,
/// `…Max` counts items). Checked by `validate()` on every record.
public enum DirectoryLimits {
    /// Ids are `[A-Za-z0-9_-]{1,64}`.
    public static let idCharsMax = 64
    public static let nameCharsMax = 64
    public static let noteCharsMax = 1_000
    public static let phonesPerResidentMax = 8
    public static let buildingCharsMax = 32
    public static let unitCharsMax = 16
    public static let roomNumberCharsMax = 16
    /// Basements down to B10, towers up to 200 floors.
    public static let floorMin = -10
    public static let floorMax = 200
    public static let areaM2Max = 100_000.0
    /// 10 billion yuan: far beyond any real arrears, small enough to never overflow sums.
    public static let arrearsCentsMax = 1_000_000_000_000
    public static let contactCharsMax = 64
    public static let tradeCharsMax = 64
    public static let locationCharsMax = 32
    public static let titleCharsMax = 128
    public static let symptomCharsMax = 2_000
    public static let solutionCharsMax = 4_000
    public static let tagsMax = 16
    public static let tagCharsMax = 32
    public static let departmentCharsMax = 64
    public static let assigneesMax = 64
    /// Assignees are staff account ids and follow the id rule.
    public static let assigneeCharsMax = idCharsMax
}
