// `DirectoryRecord` conformances: the field rules of each record of SPEC §4 "Data".
// Limits are in `DirectoryLimits`; field names in errors are the Swift property names.

// MARK: - Resident

extension Resident: DirectoryRecord {
    /// id, name (≤ 64), at least one and at most 8 phones each normalisable, note (≤ 1000).
    public func validate(defaultAreaCode: String?) -> [FieldError] {
        var check = FieldChecker()
        check.id(id, field: "id")
        check.requiredText(name, field: "name", charsMax: DirectoryLimits.nameCharsMax)
        if phones.isEmpty {
            check.fail("phones", "at least one phone number is required")
        } else if phones.count > DirectoryLimits.phonesPerResidentMax {
            check.fail("phones", "at most \(DirectoryLimits.phonesPerResidentMax) phone numbers (\(phones.count))")
        }
        for phone in phones {
            check.phone(phone, field: "phones", defaultAreaCode: defaultAreaCode)
        }
        check.optionalText(note, field: "note", charsMax: DirectoryLimits.noteCharsMax, multiline: true)
        return check.errors
    }

    /// Phones canonical and de-duplicated, name and note trimmed.
    public func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> Resident {
        var copy = self
        copy.id = trimmed(id)
        copy.name = trimmed(name)
        copy.phones = normalizedPhones(phones, defaultAreaCode: defaultAreaCode)
        copy.note = trimmedOrNil(note)
        return try checked(copy, defaultAreaCode: defaultAreaCode)
    }
}

// MARK: - Room

extension Room: DirectoryRecord {
    /// id, building (≤ 32), unit (may be empty: buildings without units; ≤ 16), floor in
    /// -10…200, number (≤ 16), area > 0 and ≤ 100 000 m², arrears ≥ 0.
    public func validate(defaultAreaCode: String?) -> [FieldError] {
        var check = FieldChecker()
        check.id(id, field: "id")
        check.requiredText(building, field: "building", charsMax: DirectoryLimits.buildingCharsMax)
        if !unit.isEmpty {
            check.requiredText(unit, field: "unit", charsMax: DirectoryLimits.unitCharsMax)
        }
        if !(DirectoryLimits.floorMin...DirectoryLimits.floorMax).contains(floor) {
            check.fail("floor", "must be between \(DirectoryLimits.floorMin) and \(DirectoryLimits.floorMax) (\(floor))")
        }
        check.requiredText(number, field: "number", charsMax: DirectoryLimits.roomNumberCharsMax)
        if let area = areaM2, !(area.isFinite && area > 0 && area <= DirectoryLimits.areaM2Max) {
            check.fail("areaM2", "must be greater than 0 and at most \(Int(DirectoryLimits.areaM2Max)) m²")
        }
        if arrearsCents < 0 {
            check.fail("arrearsCents", "must not be negative (\(arrearsCents))")
        } else if arrearsCents > DirectoryLimits.arrearsCentsMax {
            check.fail("arrearsCents", "is implausibly large (\(arrearsCents))")
        }
        return check.errors
    }

    public func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> Room {
        var copy = self
        copy.id = trimmed(id)
        copy.building = trimmed(building)
        copy.unit = trimmed(unit)
        copy.number = trimmed(number)
        return try checked(copy, defaultAreaCode: defaultAreaCode)
    }
}

// MARK: - Occupancy

extension Occupancy: DirectoryRecord {
    /// Both ids valid. Whether they exist is for storage to check (foreign keys).
    public func validate(defaultAreaCode: String?) -> [FieldError] {
        var check = FieldChecker()
        check.id(residentID, field: "residentID")
        check.id(roomID, field: "roomID")
        return check.errors
    }

    public func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> Occupancy {
        var copy = self
        copy.residentID = trimmed(residentID)
        copy.roomID = trimmed(roomID)
        return try checked(copy, defaultAreaCode: defaultAreaCode)
    }
}

// MARK: - Supplier

extension Supplier: DirectoryRecord {
    /// id, name (≤ 64), contact (≤ 64), phone normalisable when given, trade (≤ 64).
    public func validate(defaultAreaCode: String?) -> [FieldError] {
        var check = FieldChecker()
        check.id(id, field: "id")
        check.requiredText(name, field: "name", charsMax: DirectoryLimits.nameCharsMax)
        check.optionalText(contact, field: "contact", charsMax: DirectoryLimits.contactCharsMax)
        if let phone {
            check.phone(phone, field: "phone", defaultAreaCode: defaultAreaCode)
        }
        check.requiredText(trade, field: "trade", charsMax: DirectoryLimits.tradeCharsMax)
        return check.errors
    }

    public func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> Supplier {
        var copy = self
        copy.id = trimmed(id)
        copy.name = trimmed(name)
        copy.contact = trimmedOrNil(contact)
        copy.phone = trimmedOrNil(phone).map { normalizedPhones([$0], defaultAreaCode: defaultAreaCode)[0] }
        copy.trade = trimmed(trade)
        return try checked(copy, defaultAreaCode: defaultAreaCode)
    }
}

// MARK: - Fixture

extension Fixture: DirectoryRecord {
    /// id, a room or a building (common-area fixtures have no room), name (≤ 64), location
    /// (≤ 32), supplier id, warranty end a real `YYYY-MM-DD` date.
    public func validate(defaultAreaCode: String?) -> [FieldError] {
        var check = FieldChecker()
        check.id(id, field: "id")
        check.optionalID(roomID, field: "roomID")
        check.optionalText(building, field: "building", charsMax: DirectoryLimits.buildingCharsMax)
        if roomID == nil && building == nil {
            check.fail("roomID", "a fixture needs a room, or a building for common areas")
        }
        check.requiredText(name, field: "name", charsMax: DirectoryLimits.nameCharsMax)
        check.optionalText(location, field: "location", charsMax: DirectoryLimits.locationCharsMax)
        check.optionalID(supplierID, field: "supplierID")
        if let end = warrantyEnd, ISODate(end) == nil {
            check.fail("warrantyEnd", "'\(end)' is not a real date written YYYY-MM-DD")
        }
        return check.errors
    }

    public func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> Fixture {
        var copy = self
        copy.id = trimmed(id)
        copy.roomID = trimmedOrNil(roomID)
        copy.building = trimmedOrNil(building)
        copy.name = trimmed(name)
        copy.location = trimmedOrNil(location)
        copy.supplierID = trimmedOrNil(supplierID)
        copy.warrantyEnd = trimmedOrNil(warrantyEnd)
        return try checked(copy, defaultAreaCode: defaultAreaCode)
    }
}

// MARK: - Knowledge case

extension KnowledgeCase: DirectoryRecord {
    /// id, title (≤ 128), symptom (≤ 2000), solution (≤ 4000), at most 16 distinct tags of
    /// at most 32 characters.
    public func validate(defaultAreaCode: String?) -> [FieldError] {
        var check = FieldChecker()
        check.id(id, field: "id")
        check.requiredText(title, field: "title", charsMax: DirectoryLimits.titleCharsMax)
        check.requiredLongText(symptom, field: "symptom", charsMax: DirectoryLimits.symptomCharsMax)
        check.requiredLongText(solution, field: "solution", charsMax: DirectoryLimits.solutionCharsMax)
        if tags.count > DirectoryLimits.tagsMax {
            check.fail("tags", "at most \(DirectoryLimits.tagsMax) tags (\(tags.count))")
        }
        for tag in tags {
            check.requiredText(tag, field: "tags", charsMax: DirectoryLimits.tagCharsMax)
        }
        if let dup = firstDuplicate(tags) {
            check.fail("tags", "tag '\(dup)' is listed twice")
        }
        return check.errors
    }

    public func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> KnowledgeCase {
        var copy = self
        copy.id = trimmed(id)
        copy.title = trimmed(title)
        copy.symptom = trimmed(symptom)
        copy.solution = trimmed(solution)
        copy.tags = tags.map(trimmed)
        return try checked(copy, defaultAreaCode: defaultAreaCode)
    }
}

// MARK: - Dispatch rule

extension DispatchRule: DirectoryRecord {
    /// id, building (nil = every building; when given ≤ 32), department (≤ 64), assignees
    /// valid ids without duplicates: exactly one for `assign`, at least one for `grab` and
    /// `roundRobin`, at most 64.
    public func validate(defaultAreaCode: String?) -> [FieldError] {
        var check = FieldChecker()
        check.id(id, field: "id")
        check.optionalText(building, field: "building", charsMax: DirectoryLimits.buildingCharsMax)
        check.requiredText(department, field: "department", charsMax: DirectoryLimits.departmentCharsMax)
        switch mode {
        case .assign where assignees.count != 1:
            check.fail("assignees", "mode assign needs exactly one assignee (\(assignees.count))")
        case .grab where assignees.isEmpty, .roundRobin where assignees.isEmpty:
            check.fail("assignees", "mode \(mode.rawValue) needs at least one assignee")
        default:
            break
        }
        if assignees.count > DirectoryLimits.assigneesMax {
            check.fail("assignees", "at most \(DirectoryLimits.assigneesMax) assignees (\(assignees.count))")
        }
        for assignee in assignees {
            if let problem = FieldChecker.idProblem(assignee) { check.fail("assignees", "assignee \(problem)") }
        }
        if let dup = firstDuplicate(assignees) {
            check.fail("assignees", "assignee '\(dup)' is listed twice")
        }
        return check.errors
    }

    public func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> DispatchRule {
        var copy = self
        copy.id = trimmed(id)
        copy.building = trimmedOrNil(building)
        copy.department = trimmed(department)
        copy.assignees = assignees.map(trimmed)
        return try checked(copy, defaultAreaCode: defaultAreaCode)
    }
}

// MARK: - Helpers

/// The first value that occurs a second time, scanning in order.
func firstDuplicate(_ values: [String]) -> String? {
    var seen: Set<String> = []
    return values.first { !seen.insert($0).inserted }
}
