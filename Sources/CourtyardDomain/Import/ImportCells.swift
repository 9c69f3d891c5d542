// Parsing of single import cells: booleans, integers, yuan amounts, lists and the
// enumerations written in English or Chinese. Each returns nil for text it cannot read; the
// row reader turns that into an error naming the column.

enum ImportCells {
    // MARK: Scalars

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "y", "是", "√": return true
        case "0", "false", "no", "n", "否", "": return false
        default: return nil
        }
    }

    /// A plain integer with an optional sign, at most 9 digits (floors, never money).
    static func int(_ text: String) -> Int? {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    /// A decimal number of at most 12 significant characters (`89.5`); no exponent, no nan.
    static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty, text.count <= 12,
              text.allSatisfy({ $0.isASCIIDigit || $0 == "." }),
              text.filter({ $0 == "." }).count <= 1 else { return nil }
        return Double(text)
    }

    /// Yuan to cents, exactly (no floating point): `1234.5`, `¥1,234.50`, `-3`. At most two
    /// decimals and 13 integer digits; the sign is kept so validation can say "negative".
    static func yuanToCents(_ text: String) -> Int? {
        var s = Substring(text)
        let negative = s.hasPrefix("-")
        if negative { s = s.dropFirst() }
        if s.hasPrefix("¥") || s.hasPrefix("￥") { s = s.dropFirst() }
        let plain = s.filter { $0 != "," }
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...13).contains(whole.count),
              whole.allSatisfy(\.isASCIIDigit) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let yuan = Int(whole), let fen = Int(fraction) else { return nil }
        let cents = yuan * 100 + fen
        return negative ? -cents : cents
    }

    // MARK: Lists

    /// Items separated by `;`, `；`, `/` or `、`, trimmed, empty items dropped.
    static func list(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        for c in text {
            if PhoneNumber.listSeparators.contains(c) {
                items.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        items.append(current)
        return items.map(trimmed).filter { !$0.isEmpty }
    }

    // MARK: Enumerations

    static func role(_ text: String) -> RoomRole? {
        if let role = RoomRole(rawValue: text.lowercased()) { return role }
        switch text {
        case "业主", "房主", "产权人": return .owner
        case "租户", "租客": return .tenant
        case "家属", "家庭成员": return .family
        default: return nil
        }
    }

    static func mode(_ text: String) -> DispatchMode? {
        switch ImportSchema.fold(text) {
        case "assign", "指派", "派单": return .assign
        case "grab", "抢单": return .grab
        case "roundrobin", "轮派", "轮流": return .roundRobin
        default: return nil
        }
    }

    /// Ticket categories by raw value (any ASCII case) or their Chinese name.
    static func category(_ text: String) -> TicketCategory? {
        let folded = ImportSchema.fold(text)
        if let match = TicketCategory.allCases.first(where: { $0.rawValue.lowercased() == folded }) {
            return match
        }
        return chineseCategories[text]
    }

    private static let chineseCategories: [String: TicketCategory] = [
        "报修": .repair, "维修": .repair,
        "公共设施报修": .publicFacilityRepair, "公共报修": .publicFacilityRepair,
        "投诉": .complaint, "建议": .suggestion, "咨询": .consultation,
        "紧急": .emergency, "紧急救助": .emergency, "缴费": .feePayment,
        "预订": .booking, "预约": .booking, "社区活动": .communityEvent,
        "租售": .listing, "租售信息": .listing, "保险理赔": .insuranceClaim,
        "邻里纠纷": .neighbourDispute, "销售咨询": .salesInquiry, "表扬": .praise,
    ]
}
