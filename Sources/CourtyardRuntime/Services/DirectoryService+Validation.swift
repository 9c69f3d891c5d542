import CourtyardCRDT
import CourtyardDomain

// MARK: - Record validation (every field checked; all problems reported at once)

extension DirectoryService {
    /// Collects field problems; `finish` throws them all together.
    struct Checker {
        var problems: [ServiceError.FieldError] = []
        var prefix = ""

        mutating func id(_ field: String, _ value: String) {
            if value.isEmpty || value.utf8.count > 64 || value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
                fail(field, "must be 1–64 bytes without spaces")
            }
        }

        mutating func text(_ field: String, _ value: String?, max: Int, required: Bool = true) {
            guard let value else {
                if required { fail(field, "is required") }
                return
            }
            if required && value.trimmedWhitespace.isEmpty { fail(field, "must not be empty") }
            if value.count > max { fail(field, "longer than \(max) characters") }
        }

        mutating func phone(_ field: String, _ value: String) -> String {
            guard let normalised = PhoneNumber.normalize(value) else {
                fail(field, "'\(value)' is not a phone number")
                return value
            }
            return normalised
        }

        mutating func fail(_ field: String, _ message: String) {
            problems.append(.init(field: prefix + field, message: message))
        }

        func finish(_ what: String) throws(ServiceError) {
            guard problems.isEmpty else { throw .invalid(problems, message: "invalid \(what)") }
        }
    }

    static func validated(_ r: Resident) throws(ServiceError) -> Resident {
        var c = Checker(), out = r
        c.id("id", r.id)
        c.text("name", r.name, max: 100)
        c.text("note", r.note, max: 2_000, required: false)
        if r.phones.isEmpty { c.fail("phones", "at least one phone number is required") }
        if r.phones.count > 10 { c.fail("phones", "at most 10 phone numbers") }
        out.phones = r.phones.enumerated().map { c.phone("phones[\($0.offset)]", $0.element) }
        try c.finish("resident")
        return out
    }

    static func validated(_ r: Room) throws(ServiceError) -> Room {
        var c = Checker()
        c.id("id", r.id)
        c.text("building", r.building, max: 32)
        c.text("unit", r.unit, max: 32)
        c.text("number", r.number, max: 32)
        if !(-10...200).contains(r.floor) { c.fail("floor", "must be between -10 and 200") }
        if r.arrearsCents < 0 { c.fail("arrearsCents", "must not be negative") }
        if let area = r.areaM2, !(area > 0 && area < 100_000) { c.fail("areaM2", "must be a positive area below 100000") }
        try c.finish("room")
        return r
    }

    static func validated(_ s: Supplier) throws(ServiceError) -> Supplier {
        var c = Checker(), out = s
        c.id("id", s.id)
        c.text("name", s.name, max: 200)
        c.text("trade", s.trade, max: 100)
        c.text("contact", s.contact, max: 100, required: false)
        if let phone = s.phone { out.phone = c.phone("phone", phone) }
        try c.finish("supplier")
        return out
    }

    static func validated(_ f: Fixture) throws(ServiceError) -> Fixture {
        var c = Checker()
        c.id("id", f.id)
        c.text("name", f.name, max: 100)
        c.text("location", f.location, max: 100, required: false)
        if f.roomID == nil && f.building == nil { c.fail("roomID", "a fixture needs a room or a building") }
        if let end = f.warrantyEnd, !isISODate(end) { c.fail("warrantyEnd", "must be a date YYYY-MM-DD") }
        try c.finish("fixture")
        return f
    }

    static func validated(_ k: KnowledgeCase) throws(ServiceError) -> KnowledgeCase {
        var c = Checker()
        c.id("id", k.id)
        c.text("title", k.title, max: 200)
        c.text("symptom", k.symptom, max: 5_000)
        c.text("solution", k.solution, max: 10_000)
        if k.tags.count > 20 { c.fail("tags", "at most 20 tags") }
        try c.finish("case")
        return k
    }

    static func validated(_ r: DispatchRule) throws(ServiceError) -> DispatchRule {
        var c = Checker()
        c.id("id", r.id)
        c.text("department", r.department, max: 100)
        c.text("building", r.building, max: 32, required: false)
        if r.assignees.isEmpty { c.fail("assignees", "at least one assignee is required") }
        if r.assignees.count > 100 { c.fail("assignees", "at most 100 assignees") }
        for (i, a) in r.assignees.enumerated() { c.id("assignees[\(i)]", a) }
        try c.finish("dispatch rule")
        return r
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return false }
        return y >= 1900 && (1...12).contains(m) && (1...31).contains(d)
    }
}
