// MARK: - Field checks shared by drafts and events

/// Collects field errors, so a draft can report all of them at once and an event the first.
struct TicketFieldCheck {
    private(set) var errors: [TicketTransitionError] = []

    /// Required text: not blank, at most `limit` scalars.
    mutating func required(_ value: String, _ field: String, limit: Int) {
        if value.isBlank {
            errors.append(TicketTransitionError(.missingField(field)))
        } else {
            length(value, field, limit: limit)
        }
    }

    /// Optional text: when present, not blank and at most `limit` scalars.
    mutating func optional(_ value: String?, _ field: String, limit: Int) {
        guard let value else { return }
        required(value, field, limit: limit)
    }

    /// Any text (may be empty), at most `limit` scalars.
    mutating func length(_ value: String, _ field: String, limit: Int) {
        if value.limitLength > limit {
            errors.append(TicketTransitionError(.fieldTooLong(field: field, limit: limit)))
        }
    }

    mutating func count(_ n: Int, _ field: String, limit: Int) {
        if n > limit {
            errors.append(TicketTransitionError(.tooManyItems(field: field, limit: limit)))
        }
    }

    mutating func fail(_ kind: TicketTransitionError.Kind) {
        errors.append(TicketTransitionError(kind))
    }

    /// Throws the first error collected, if any.
    func throwFirst() throws(TicketTransitionError) {
        if let first = errors.first { throw first }
    }
}

// MARK: - Event bodies

extension TicketEventBody {
    /// Checks the bounds and required fields of an event's payload, independent of the
    /// ticket's state. Use on every event that enters a node (local write, replication,
    /// import): the fold trusts fields, not transitions.
    public func validateFields() throws(TicketTransitionError) {
        var check = TicketFieldCheck()
        switch self {
        case .created(let c):
            TicketDraft(c).checkFields(into: &check)
        case .assigned(let a), .reassigned(let a):
            check.required(a.assignee, "assignee", limit: TicketLimits.idCharsMax)
            check.required(a.department, "department", limit: TicketLimits.idCharsMax)
            check.optional(a.note, "note", limit: TicketLimits.noteCharsMax)
        case .accepted, .arrived, .resumed:
            break
        case .note(let n):
            Self.checkNote(n, into: &check)
        case .suspended(let s):
            check.required(s.reason, "reason", limit: TicketLimits.reasonCharsMax)
        case .resolved(let r):
            check.required(r.summary, "summary", limit: TicketLimits.summaryCharsMax)
        case .callback(let c):
            if case .score(let score) = c.satisfaction, !TicketLimits.satisfactionRange.contains(score) {
                check.fail(.invalidSatisfaction(score))
            }
            check.optional(c.comment, "comment", limit: TicketLimits.commentCharsMax)
        case .childOpened:
            break
        case .warned(let m), .escalated(let m):
            Self.checkMark(m, into: &check)
        case .closed(let c):
            Self.checkClosure(c, into: &check)
        case .cancelled(let c):
            check.required(c.reason, "reason", limit: TicketLimits.reasonCharsMax)
        }
        try check.throwFirst()
    }

    private static func checkNote(_ n: ProgressNote, into check: inout TicketFieldCheck) {
        if n.text.isBlank && n.photos.isEmpty && n.materials.isEmpty {
            check.fail(.missingField("text"))
        }
        check.length(n.text, "text", limit: TicketLimits.noteCharsMax)
        check.count(n.photos.count, "photos", limit: TicketLimits.photosPerNoteMax)
        for photo in n.photos.prefix(TicketLimits.photosPerNoteMax) {
            check.required(photo, "photos[]", limit: TicketLimits.idCharsMax)
        }
        check.count(n.materials.count, "materials", limit: TicketLimits.materialsPerNoteMax)
        for m in n.materials.prefix(TicketLimits.materialsPerNoteMax) {
            check.required(m.name, "materials[].name", limit: TicketLimits.materialNameCharsMax)
            check.required(m.unit, "materials[].unit", limit: TicketLimits.materialUnitCharsMax)
            if !(m.quantity > 0 && m.quantity <= TicketLimits.materialQuantityMax) {
                check.fail(.invalidField(field: "materials[].quantity",
                                         reason: "must be above 0 and at most \(Int(TicketLimits.materialQuantityMax))"))
            }
            if let cost = m.costCents, cost < 0 {
                check.fail(.invalidField(field: "materials[].costCents", reason: "must not be negative"))
            }
        }
    }

    private static func checkMark(_ m: EscalationMark, into check: inout TicketFieldCheck) {
        if !(1...TicketLimits.escalationLevelMax).contains(m.level) {
            check.fail(.invalidField(field: "level", reason: "must be within 1...\(TicketLimits.escalationLevelMax)"))
        }
        if m.dueAtMs < 0 {
            check.fail(.invalidField(field: "dueAtMs", reason: "must not be negative"))
        }
        check.required(m.notify, "notify", limit: TicketLimits.idCharsMax)
    }

    private static func checkClosure(_ c: Closure, into check: inout TicketFieldCheck) {
        check.optional(c.apology, "apology", limit: TicketLimits.reasonCharsMax)
        check.optional(c.reason, "reason", limit: TicketLimits.reasonCharsMax)
        check.optional(c.remedy, "remedy", limit: TicketLimits.reasonCharsMax)
        // A broken promise is recorded whole: the apology, the reason and the remedy (SPEC §4.5).
        let given = [c.apology, c.reason, c.remedy].filter { $0 != nil }.count
        if given > 0 && given < 3 {
            if c.apology == nil { check.fail(.missingField("apology")) }
            if c.reason == nil { check.fail(.missingField("reason")) }
            if c.remedy == nil { check.fail(.missingField("remedy")) }
        }
        // Closing without the resident's confirmation needs a reason on record.
        if !c.residentConfirmed && c.reason == nil && given == 0 {
            check.fail(.missingField("reason"))
        }
    }
}
