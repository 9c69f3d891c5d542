// MARK: - Placeholders

/// What a template may name between braces: `{name}`, `{amount}`, `{outageStart}`.
///
/// Recipient placeholders come from the directory (the resident and their room); campaign
/// placeholders from the campaign's `variables`, the same for every message.
public enum TemplatePlaceholder: String, CaseIterable, Hashable, Sendable, Codable {
    // Per recipient
    /// The resident's name (姓名).
    case name
    /// The room, as building + unit + number (`3栋2单元1203`).
    case room
    case building
    /// Arrears of the resident's matched rooms, in yuan with two decimals (`1234.50`).
    case amount
    // Per campaign
    /// The site's display name (`北湾花园`).
    case site
    /// Outage start and end (`6月3日 09:00`), what stops (`停水`) and where (`3栋`).
    case outageStart, outageEnd, outageType, outageArea
    /// Why (`管道检修`).
    case reason
    /// A holiday's name (`春节`).
    case holiday
    /// A due date (`6月30日`).
    case dueDate
    /// The property office's phone.
    case contact

    /// True for placeholders filled from the recipient rather than the campaign's variables.
    public var isPerRecipient: Bool {
        switch self {
        case .name, .room, .building, .amount: true
        default: false
        }
    }
}

/// What a recipient contributes to a rendered message.
public struct RecipientFields: Hashable, Sendable, Codable {
    public var name: String
    public var room: String
    public var building: String
    public var amountCents: Int

    public init(name: String, room: String = "", building: String = "", amountCents: Int = 0) {
        self.name = name
        self.room = room
        self.building = building
        self.amountCents = amountCents
    }

    /// `123456` cents → `1234.56`.
    public static func yuan(_ cents: Int) -> String {
        let c = max(0, cents)
        let fraction = c % 100
        return "\(c / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

// MARK: - Template

/// A parsed message template: literal text and `{placeholder}` slots. `{{` and `}}` stand
/// for literal braces. Parsing refuses unknown placeholders by name, so a typo such as
/// `{amout}` never reaches a resident.
public struct CampaignTemplate: Hashable, Sendable {
    public enum Piece: Hashable, Sendable {
        case text(String)
        case placeholder(TemplatePlaceholder)
    }

    public let source: String
    public let pieces: [Piece]

    /// Parses `source`; throws `.unknownPlaceholder` naming the first unknown one, or
    /// `.malformedTemplate` for an unclosed or stray brace.
    public init(_ source: String) throws(CampaignError) {
        guard !source.isEmpty else { throw CampaignError.invalid("template", "must not be empty") }
        guard source.count <= CampaignLimits.templateCharactersMax else {
            throw CampaignError.invalid("template", "is \(source.count) characters; the limit is \(CampaignLimits.templateCharactersMax)")
        }
        self.source = source
        self.pieces = try Self.parse(Array(source))
    }

    private static func parse(_ chars: [Character]) throws(CampaignError) -> [Piece] {
        var pieces: [Piece] = []
        var text = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if (c == "{" && next == "{") || (c == "}" && next == "}") {
                text.append(c)
                i += 2
            } else if c == "{" {
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    throw CampaignError(.malformedTemplate, "template has a '{' at character \(i + 1) that is never closed", field: "template")
                }
                let name = String(chars[(i + 1)..<close])
                guard let placeholder = TemplatePlaceholder(rawValue: name) else {
                    let known = TemplatePlaceholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
                    throw CampaignError(.unknownPlaceholder,
                                        "template uses unknown placeholder {\(name.prefix(40))}; known placeholders: \(known)",
                                        field: "template")
                }
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                pieces.append(.placeholder(placeholder))
                i = close + 1
            } else if c == "}" {
                throw CampaignError(.malformedTemplate, "template has a stray '}' at character \(i + 1); write '}}' for a literal brace",
                                    field: "template")
            } else {
                text.append(c)
                i += 1
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// The placeholders used, in order of first use.
    public var placeholders: [TemplatePlaceholder] {
        var seen: [TemplatePlaceholder] = []
        for case .placeholder(let p) in pieces where !seen.contains(p) { seen.append(p) }
        return seen
    }

    /// Checks `variables` against the template: each key must be a campaign placeholder,
    /// each value 1–`variableCharactersMax` characters, and every campaign placeholder the
    /// template uses must have a value.
    public func validate(variables: [String: String]) throws(CampaignError) {
        guard variables.count <= CampaignLimits.variablesMax else {
            throw CampaignError.invalid("variables", "has \(variables.count) entries; the limit is \(CampaignLimits.variablesMax)")
        }
        for key in variables.keys.sorted() {
            guard let p = TemplatePlaceholder(rawValue: key), !p.isPerRecipient else {
                throw CampaignError(.unknownPlaceholder,
                                    "variables.\(key.prefix(40)) is not a campaign placeholder (recipient fields come from the directory)",
                                    field: "variables.\(key.prefix(40))")
            }
            let value = variables[key] ?? ""
            guard !value.isEmpty, value.count <= CampaignLimits.variableCharactersMax else {
                throw CampaignError.invalid("variables.\(key)", "must be 1–\(CampaignLimits.variableCharactersMax) characters")
            }
        }
        for p in placeholders where !p.isPerRecipient && variables[p.rawValue] == nil {
            throw CampaignError(.missingVariable, "template uses {\(p.rawValue)} but variables.\(p.rawValue) is not set",
                                field: "variables.\(p.rawValue)")
        }
    }

    /// The message for one recipient. Call `validate(variables:)` first: a campaign
    /// placeholder without a value renders as empty text.
    public func render(_ recipient: RecipientFields, variables: [String: String]) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let t): out += t
            case .placeholder(.name): out += recipient.name
            case .placeholder(.room): out += recipient.room
            case .placeholder(.building): out += recipient.building
            case .placeholder(.amount): out += RecipientFields.yuan(recipient.amountCents)
            case .placeholder(let p): out += variables[p.rawValue] ?? ""
            }
        }
        return out
    }
}
