import CourtyardCallCenter
import TOMLKit

// MARK: - [[callcenter.notices]]

/// Automatic notices (自动通告) from `[[callcenter.notices]]`, played before the menu while
/// `from <= now < until`:
///
/// ```toml
/// [[callcenter.notices]]
/// id = "water-dec-1"                  # optional; default notice-1, notice-2, …
/// kind = "outage"                     # majorEvent, outage, importantNotice, feeReminder, …
/// text = "12月1日8点至18点，3栋停水检修。"
/// from = "2026-12-01T06:00:00+08:00"  # ISO-8601 with offset, or epoch ms
/// until = "2026-12-01T18:00:00+08:00"
/// buildings = ["3"]                   # optional; absent = the whole site
/// ```
enum IVRNoticesConfig {
    static func parse(_ value: (any TOMLValueConvertible)?) throws(ConfigError) -> IVRNoticeBoard {
        guard let value else { return IVRNoticeBoard() }
        guard let array = value.array else {
            throw ConfigError("[callcenter] notices must be an array of tables ([[callcenter.notices]])")
        }
        guard array.count <= IVRNoticeLimits.noticesMax else {
            throw ConfigError("[[callcenter.notices]] at most \(IVRNoticeLimits.noticesMax) notices")
        }
        var notices: [IVRNotice] = []
        var ids: Set<String> = []
        for (i, item) in array.enumerated() {
            let n = try notice(item, index: i + 1)
            guard ids.insert(n.id).inserted else {
                throw ConfigError("[[callcenter.notices]] #\(i + 1): id '\(n.id)' is used twice")
            }
            notices.append(n)
        }
        do {
            return try IVRNoticeBoard(notices)
        } catch {
            throw ConfigError("[[callcenter.notices]] \(error.description)")
        }
    }

    private static func notice(_ item: any TOMLValueConvertible, index: Int) throws(ConfigError) -> IVRNotice {
        let at = "[[callcenter.notices]] #\(index)"
        guard let t = item.table else { throw ConfigError("\(at) must be a table") }
        for key in t.keys.sorted() where !["id", "kind", "text", "from", "until", "buildings"].contains(key) {
            throw ConfigError("\(at): unknown key '\(key)'; allowed: buildings, from, id, kind, text, until")
        }
        let id = t["id"]?.string ?? "notice-\(index)"
        let kinds = IVRNoticeKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let kindText = t["kind"]?.string, let kind = IVRNoticeKind(rawValue: kindText) else {
            throw ConfigError("\(at) kind must be one of \(kinds)")
        }
        guard let text = t["text"]?.string else { throw ConfigError("\(at) text is required (a string)") }
        guard let fromValue = t["from"] else { throw ConfigError("\(at) from is required") }
        guard let untilValue = t["until"] else { throw ConfigError("\(at) until is required") }
        let from = try ConfigValues.instantMs(fromValue, what: "\(at) from")
        let until = try ConfigValues.instantMs(untilValue, what: "\(at) until")
        guard from < until else { throw ConfigError("\(at) until must be after from") }
        let buildings = try ConfigValues.strings(t, "buildings", section: "callcenter.notices",
                                                 max: IVRNoticeLimits.buildingsMax) ?? []
        return IVRNotice(id: id, kind: kind, text: text, validFromMs: from, validUntilMs: until, buildings: buildings)
    }
}
