/// The kinds of directory file that can be imported, one record type each.
public enum ImportKind: String, CaseIterable, Sendable, Codable, Hashable {
    case residents, rooms, occupancies, suppliers, fixtures, cases, dispatchRules
}

/// One column of an import file: the record field it fills and the header names accepted
/// for it, English first, then Chinese. Headers match ignoring ASCII case, spaces, `_`
/// and `-` (`Resident ID`, `resident_id` and `residentID` are the same column).
public struct ImportColumn: Hashable, Sendable {
    /// The record field (Swift property name); validation errors name it too.
    public var key: String
    public var headers: [String]
    public var required: Bool
    /// What the cell holds, for the documentation and the error messages.
    public var help: String

    public init(_ key: String, _ headers: [String], required: Bool = false, help: String) {
        self.key = key
        self.headers = headers
        self.required = required
        self.help = help
    }
}

/// The documented header schema of each import kind.
///
/// Lists (phones, tags, assignees) are separated by `;`, `；`, `/` or `、`. Booleans accept
/// `1/0`, `true/false`, `yes/no`, `是/否`. A `site` column, where a record has a site,
/// overrides the importing site per row; without it every record belongs to the importing site.
public struct ImportSchema: Hashable, Sendable {
    public var kind: ImportKind
    public var columns: [ImportColumn]

    // MARK: Lookup

    /// The column a header names, nil for an unknown header.
    public func column(forHeader header: String) -> ImportColumn? {
        let wanted = Self.fold(header)
        return columns.first { $0.headers.contains { Self.fold($0) == wanted } }
    }

    /// Header comparison form: trimmed, ASCII lower case, without spaces, `_` and `-`.
    static func fold(_ header: String) -> String {
        String(String.UnicodeScalarView(header.unicodeScalars.compactMap { s -> Unicode.Scalar? in
            if s == " " || s == "_" || s == "-" || s == "\u{3000}" || s == "\u{FEFF}" { return nil }
            return s.lowercasedASCII
        }))
    }

    // MARK: Schemas

    public static func schema(for kind: ImportKind) -> ImportSchema {
        switch kind {
        case .residents: return residents
        case .rooms: return rooms
        case .occupancies: return occupancies
        case .suppliers: return suppliers
        case .fixtures: return fixtures
        case .cases: return cases
        case .dispatchRules: return dispatchRules
        }
    }

    static let site = ImportColumn("site", ["site", "项目", "小区"],
                                   help: "site id (north-bay); empty = the importing site")

    public static let residents = ImportSchema(kind: .residents, columns: [
        ImportColumn("id", ["id", "编号", "住户编号", "客户编号"], required: true, help: "resident id"),
        ImportColumn("name", ["name", "姓名", "客户姓名"], required: true, help: "full name"),
        ImportColumn("phones", ["phones", "phone", "电话", "手机", "联系电话"], required: true,
                     help: "one or more phones separated by ; ； / 、"),
        ImportColumn("note", ["note", "备注"], help: "free text"),
        ImportColumn("optOut", ["optOut", "免打扰"], help: "true to skip outbound campaigns"),
        site,
    ])

    public static let rooms = ImportSchema(kind: .rooms, columns: [
        ImportColumn("id", ["id", "编号", "房间编号"], required: true, help: "room id"),
        ImportColumn("building", ["building", "楼栋", "楼号"], required: true, help: "building (3栋)"),
        ImportColumn("unit", ["unit", "单元"], help: "unit (2单元); empty when none"),
        ImportColumn("floor", ["floor", "楼层"], required: true, help: "integer; negative for basements"),
        ImportColumn("number", ["number", "房号", "门牌号"], required: true, help: "room number (1502)"),
        ImportColumn("areaM2", ["area", "areaM2", "面积", "建筑面积"], help: "floor area in m²"),
        ImportColumn("arrearsCents", ["arrears", "欠费", "欠费金额"],
                     help: "outstanding fees in yuan, up to 2 decimals (1234.50)"),
        site,
    ])

    public static let occupancies = ImportSchema(kind: .occupancies, columns: [
        ImportColumn("residentID", ["residentID", "resident", "住户编号", "客户编号"], required: true,
                     help: "resident id"),
        ImportColumn("roomID", ["roomID", "room", "房间编号"], required: true, help: "room id"),
        ImportColumn("role", ["role", "身份", "关系"], required: true, help: "owner/tenant/family or 业主/租户/家属"),
    ])

    public static let suppliers = ImportSchema(kind: .suppliers, columns: [
        ImportColumn("id", ["id", "编号", "供应商编号"], required: true, help: "supplier id"),
        ImportColumn("name", ["name", "名称", "供应商", "供应商名称"], required: true, help: "company name"),
        ImportColumn("contact", ["contact", "联系人"], help: "contact person"),
        ImportColumn("phone", ["phone", "电话", "联系电话"], help: "one phone"),
        ImportColumn("trade", ["trade", "类别", "供应内容", "工种"], required: true, help: "what they supply (水龙头)"),
    ])

    public static let fixtures = ImportSchema(kind: .fixtures, columns: [
        ImportColumn("id", ["id", "编号", "设施编号"], required: true, help: "fixture id"),
        ImportColumn("roomID", ["roomID", "room", "房间编号"], help: "room id; empty for common areas"),
        ImportColumn("building", ["building", "楼栋"], help: "building, for common-area fixtures"),
        ImportColumn("name", ["name", "名称", "设施名称"], required: true, help: "what it is (厨房水龙头)"),
        ImportColumn("location", ["location", "位置"], help: "where in the room (厨房)"),
        ImportColumn("supplierID", ["supplierID", "supplier", "供应商编号"], help: "supplier id"),
        ImportColumn("warrantyEnd", ["warrantyEnd", "warranty", "保修截止", "质保到期", "质保截止"],
                     help: "last day of warranty, YYYY-MM-DD"),
        site,
    ])

    public static let cases = ImportSchema(kind: .cases, columns: [
        ImportColumn("id", ["id", "编号", "案例编号"], required: true, help: "case id"),
        ImportColumn("title", ["title", "标题"], required: true, help: "short title"),
        ImportColumn("category", ["category", "类别", "分类"], required: true,
                     help: "ticket category (repair or 报修, …)"),
        ImportColumn("symptom", ["symptom", "现象", "问题描述"], required: true, help: "what the resident reports"),
        ImportColumn("solution", ["solution", "处理方法", "解决方案"], required: true, help: "how it was solved"),
        ImportColumn("tags", ["tags", "标签"], help: "tags separated by ; ； / 、"),
    ])

    public static let dispatchRules = ImportSchema(kind: .dispatchRules, columns: [
        ImportColumn("id", ["id", "编号", "规则编号"], required: true, help: "rule id"),
        ImportColumn("building", ["building", "楼栋"], help: "building; empty = every building"),
        ImportColumn("category", ["category", "类别"], required: true, help: "ticket category (repair or 报修, …)"),
        ImportColumn("department", ["department", "部门"], required: true, help: "responsible department"),
        ImportColumn("assignees", ["assignees", "处理人", "人员"], required: true,
                     help: "staff ids separated by ; ； / 、"),
        ImportColumn("mode", ["mode", "派工方式", "方式"], required: true,
                     help: "assign/grab/roundRobin or 指派/抢单/轮派"),
        site,
    ])
}
