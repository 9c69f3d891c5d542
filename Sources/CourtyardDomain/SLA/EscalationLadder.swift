// MARK: - Intervals

/// A span of working time, fixed or in proportion to the ticket's completion target (so the
/// same ladder suits a 30-minute request and a 6-hour job).
public enum EscalationInterval: Hashable, Sendable, Codable {
    case fixedMs(Int64)
    /// Thousandths of the completion target: 500 is half of it.
    case permilleOfCompletion(Int)

    public func ms(completionMs: Int64) -> Int64 {
        switch self {
        case .fixedMs(let ms): ms
        case .permilleOfCompletion(let p): completionMs * Int64(p) / 1_000
        }
    }

    var isValid: Bool {
        switch self {
        case .fixedMs(let ms): (0...SLAPolicy.targetMsMax).contains(ms)
        case .permilleOfCompletion(let p): (0...EscalationLadder.permilleMax).contains(p)
        }
    }
}

// MARK: - Ladder

/// Three-level escalation (三级督办): level 1 the department supervisor at the completion
/// deadline, level 2 the project manager a further interval later, level 3 the branch quality
/// department after another; each announced by a warning `warningLead` ahead.
///
/// Times are working time on the ticket's clock (suspensions excluded), like the SLA itself.
public struct EscalationLadder: Hashable, Sendable, Codable {
    public struct Rung: Hashable, Sendable, Codable {
        public var level: Int
        /// Who is notified (a role the runtime resolves to people).
        public var notify: String
        /// After the completion deadline (level 1) or the previous level.
        public var after: EscalationInterval

        public init(level: Int, notify: String, after: EscalationInterval) {
            self.level = level
            self.notify = notify
            self.after = after
        }
    }

    public let rungs: [Rung]
    public let warningLead: EscalationInterval

    public static let permilleMax = 10_000

    /// Level 1 at the deadline, level 2 half a target later, level 3 a whole target after
    /// that; warnings a fifth of the target ahead. For a 30-minute request: warnings at 24, 39
    /// and 69 minutes, escalations at 30, 45 and 75.
    public static let standard = EscalationLadder(unchecked: [
        Rung(level: 1, notify: "departmentSupervisor", after: .fixedMs(0)),
        Rung(level: 2, notify: "projectManager", after: .permilleOfCompletion(500)),
        Rung(level: 3, notify: "branchQualityDepartment", after: .permilleOfCompletion(1_000)),
    ], warningLead: .permilleOfCompletion(200))

    private init(unchecked rungs: [Rung], warningLead: EscalationInterval) {
        self.rungs = rungs
        self.warningLead = warningLead
    }

    /// A validated ladder: exactly levels 1, 2, 3 in order, a notify role each, intervals
    /// within bounds.
    public init(rungs: [Rung], warningLead: EscalationInterval) throws(EscalationLadderError) {
        guard rungs.map(\.level) == Array(1...TicketLimits.escalationLevelMax) else {
            throw EscalationLadderError("rungs must be levels 1, 2, 3 in order")
        }
        guard rungs.allSatisfy({ !$0.notify.isBlank && $0.notify.limitLength <= TicketLimits.idCharsMax }) else {
            throw EscalationLadderError("every rung needs a notify role of at most \(TicketLimits.idCharsMax) characters")
        }
        guard rungs.allSatisfy({ $0.after.isValid }), warningLead.isValid else {
            throw EscalationLadderError("intervals must be 0...\(SLAPolicy.targetMsMax) ms or 0...\(Self.permilleMax) permille")
        }
        self.init(unchecked: rungs, warningLead: warningLead)
    }

    public init(from decoder: any Decoder) throws {
        struct Raw: Decodable { var rungs: [Rung]; var warningLead: EscalationInterval }
        let raw = try Raw(from: decoder)
        do {
            try self.init(rungs: raw.rungs, warningLead: raw.warningLead)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    // MARK: Offsets

    /// When each level falls due and its warning, as working time on the ticket's clock
    /// (from creation), for a given completion target. A warning never precedes the previous
    /// level's escalation.
    public func offsets(completionMs: Int64) -> [EscalationOffset] {
        var result: [EscalationOffset] = []
        var at = completionMs
        var previous: Int64 = 0
        let lead = warningLead.ms(completionMs: completionMs)
        for rung in rungs {
            at += rung.after.ms(completionMs: completionMs)
            let warn = max(previous, at - lead)
            result.append(EscalationOffset(level: rung.level, notify: rung.notify, escalateAtMs: at, warnAtMs: warn))
            previous = at
        }
        return result
    }

    public func notify(level: Int) -> String {
        rungs.first { $0.level == level }?.notify ?? "level\(level)"
    }
}

/// One rung's timing on a ticket's clock (working ms from creation).
public struct EscalationOffset: Hashable, Sendable, Codable {
    public var level: Int
    public var notify: String
    public var escalateAtMs: Int64
    public var warnAtMs: Int64
}

/// A ladder that cannot be built, with the reason.
public struct EscalationLadderError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
