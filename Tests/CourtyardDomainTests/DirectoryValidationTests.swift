import CourtyardCRDT
import Testing
@testable import CourtyardDomain

/// Every field rule of every directory record, and normalisation before storage.
struct DirectoryValidationTests {
    let site = ReplicaID("north-bay")

    func fields(_ errors: [FieldError]) -> [String] { errors.map(\.field) }

    // MARK: Resident

    @Test func resident_whenValid_normalisesPhonesAndDropsBlankNote() throws {
        let r = Resident(id: "R-001", site: site, name: " 张伟 ",
                         phones: ["138 1234 5678", "+86 13812345678", "010-1234 5678 转 12"], note: "  ")
        #expect(fields(r.validate()) == ["note"])  // blank optional text: storable only once dropped
        let n = try r.normalized()
        #expect(n.validate().isEmpty)
        #expect(n.name == "张伟")
        #expect(n.phones == ["+8613812345678", "+861012345678;ext=12"])
        #expect(n.note == nil)
    }

    @Test func resident_withoutPhones_isRefused() {
        let r = Resident(id: "R1", site: site, name: "李娜", phones: [])
        #expect(r.validate() == [FieldError(field: "phones", message: "at least one phone number is required")])
    }

    @Test func resident_withBadPhone_reportsThePhone() {
        let r = Resident(id: "R1", site: site, name: "李娜", phones: ["13812345678", "12-34"])
        let errors = r.validate()
        #expect(fields(errors) == ["phones"])
        #expect(errors[0].message.contains("'12-34'"))
    }

    @Test func resident_withTooManyPhones_isRefused() {
        let phones = (0..<9).map { "1381234560\($0)" }
        let r = Resident(id: "R1", site: site, name: "王芳", phones: phones)
        #expect(fields(r.validate()) == ["phones"])
    }

    @Test func resident_reportsEveryBadFieldNotOnlyTheFirst() {
        let r = Resident(id: "R 1", site: site, name: "", phones: ["abc"],
                         note: String(repeating: "很", count: DirectoryLimits.noteCharsMax + 1))
        #expect(fields(r.validate()) == ["id", "name", "phones", "note"])
        #expect(throws: DirectoryValidationError.self) { try r.normalized() }
    }

    @Test func resident_nameLongerThanLimit_isRefused() {
        let name = String(repeating: "张", count: DirectoryLimits.nameCharsMax + 1)
        let r = Resident(id: "R1", site: site, name: name, phones: ["13812345678"])
        #expect(fields(r.validate()) == ["name"])
        let ok = Resident(id: "R1", site: site, name: String(name.dropFirst()), phones: ["13812345678"])
        #expect(ok.validate().isEmpty)
    }

    @Test func resident_nameWithLineBreak_isRefused() {
        let r = Resident(id: "R1", site: site, name: "张\n伟", phones: ["13812345678"])
        #expect(fields(r.validate()) == ["name"])
    }

    @Test func resident_localLandlineWithDefaultAreaCode_isAccepted() throws {
        let r = Resident(id: "R1", site: site, name: "赵磊", phones: ["8888 6666"])
        #expect(fields(r.validate()) == ["phones"])
        #expect(try r.normalized(defaultAreaCode: "0755").phones == ["+8675588886666"])
    }

    // MARK: Ids

    @Test(arguments: ["a", "R-001", "room_12", String(repeating: "x", count: 64)])
    func id_whenWellFormed_isAccepted(id: String) {
        #expect(Occupancy(residentID: id, roomID: "RM1", role: .owner).validate().isEmpty)
    }

    @Test(arguments: ["", "has space", "中文", "a/b", "a.b", String(repeating: "x", count: 65)])
    func id_whenMalformed_isRefused(id: String) {
        #expect(fields(Occupancy(residentID: id, roomID: "RM1", role: .owner).validate()) == ["residentID"])
    }

    // MARK: Room

    @Test func room_whenValid_hasNoErrors() {
        let room = Room(id: "NB-3-2-1502", site: site, building: "3栋", unit: "2单元", floor: 15,
                        number: "1502", areaM2: 89.5, arrearsCents: 12_050)
        #expect(room.validate().isEmpty)
    }

    @Test func room_floorOutOfRange_isRefused() {
        let low = Room(id: "A", site: site, building: "1栋", unit: "", floor: DirectoryLimits.floorMin - 1, number: "B1")
        let high = Room(id: "A", site: site, building: "1栋", unit: "", floor: DirectoryLimits.floorMax + 1, number: "X")
        let basement = Room(id: "A", site: site, building: "1栋", unit: "", floor: -2, number: "B2-01")
        #expect(fields(low.validate()) == ["floor"])
        #expect(fields(high.validate()) == ["floor"])
        #expect(basement.validate().isEmpty)
    }

    @Test func room_negativeArrearsAndBadArea_areRefused() {
        let room = Room(id: "A", site: site, building: "1栋", unit: "1", floor: 1, number: "101",
                        areaM2: 0, arrearsCents: -1)
        #expect(fields(room.validate()) == ["areaM2", "arrearsCents"])
        let nan = Room(id: "A", site: site, building: "1栋", unit: "1", floor: 1, number: "101", areaM2: .nan)
        #expect(fields(nan.validate()) == ["areaM2"])
    }

    @Test func room_missingBuildingAndNumber_areRefused() {
        let room = Room(id: "A", site: site, building: " ", unit: "", floor: 1, number: "")
        #expect(fields(room.validate()) == ["building", "number"])
    }

    // MARK: Supplier

    @Test func supplier_phoneIsNormalisedAndTradeRequired() throws {
        let s = Supplier(id: "S1", name: "九牧卫浴", contact: "陈经理", phone: "400-810-1234", trade: "水龙头")
        #expect(try s.normalized().phone == "+864008101234")
        let bad = Supplier(id: "S1", name: "九牧卫浴", phone: "12ab", trade: "")
        #expect(fields(bad.validate()) == ["phone", "trade"])
    }

    // MARK: Fixture and warranty

    @Test func fixture_needsRoomOrBuildingAndRealWarrantyDate() {
        let f = Fixture(id: "F1", site: site, name: "厨房水龙头", warrantyEnd: "2025-02-30")
        #expect(fields(f.validate()) == ["roomID", "warrantyEnd"])
        let lift = Fixture(id: "F2", site: site, building: "3栋", name: "电梯", warrantyEnd: "2028-02-29")
        #expect(lift.validate().isEmpty)
    }

    @Test(arguments: ["2025-13-01", "2025-00-10", "2023-02-29", "2025-4-1", "25-04-01", "2025/04/01",
                      "1899-12-31", "", "２０２５-04-01"])
    func warrantyEnd_whenNotARealISODate_isRefused(text: String) {
        let f = Fixture(id: "F1", site: site, roomID: "RM1", name: "热水器", warrantyEnd: text)
        #expect(fields(f.validate()) == ["warrantyEnd"])
    }

    @Test func warranty_isInThroughEndDateInclusiveAndOutAfter() {
        let f = Fixture(id: "F1", site: site, roomID: "RM1", name: "热水器", warrantyEnd: "2026-03-31")
        #expect(f.warrantyStatus(onDay: "2025-12-01") == .inWarranty)
        #expect(f.warrantyStatus(onDay: "2026-03-31") == .inWarranty)
        #expect(f.warrantyStatus(onDay: "2026-04-01") == .outOfWarranty)
        #expect(f.warrantyStatus(onDay: "2027-01-01") == .outOfWarranty)
    }

    @Test func warranty_isUnknownWithoutEndDateOrWithBadDates() {
        let none = Fixture(id: "F1", site: site, roomID: "RM1", name: "热水器")
        #expect(none.warrantyStatus(onDay: "2026-01-01") == .unknown)
        let f = Fixture(id: "F1", site: site, roomID: "RM1", name: "热水器", warrantyEnd: "2026-03-31")
        #expect(f.warrantyStatus(onDay: "yesterday") == .unknown)
    }

    @Test func isoDate_ordersByCalendarAndPrintsPadded() throws {
        let a = try #require(ISODate("2024-02-29"))
        let b = try #require(ISODate("2024-03-01"))
        #expect(a < b)
        #expect(a.description == "2024-02-29")
        #expect(ISODate("2100-02-29") == nil)
        #expect(ISODate("2000-02-29") != nil)
    }

    // MARK: Knowledge case

    @Test func knowledgeCase_requiresTextAndDistinctTags() {
        let ok = KnowledgeCase(id: "K1", title: "厨房水龙头漏水", category: .repair,
                               symptom: "水龙头根部滴水", solution: "更换阀芯\n检查密封圈", tags: ["漏水", "厨房"])
        #expect(ok.validate().isEmpty)
        let bad = KnowledgeCase(id: "K1", title: "", category: .repair, symptom: "", solution: "x",
                                tags: ["漏水", "漏水", ""])
        #expect(fields(bad.validate()) == ["title", "symptom", "tags", "tags"])
    }

    // MARK: Dispatch rule

    @Test func dispatchRule_assignNeedsExactlyOneAssignee() {
        let none = DispatchRule(id: "D1", site: site, category: .repair, department: "工程部", assignees: [], mode: .assign)
        let two = DispatchRule(id: "D1", site: site, category: .repair, department: "工程部",
                               assignees: ["wang", "li"], mode: .assign)
        let one = DispatchRule(id: "D1", site: site, category: .repair, department: "工程部",
                               assignees: ["wang"], mode: .assign)
        #expect(fields(none.validate()) == ["assignees"])
        #expect(fields(two.validate()) == ["assignees"])
        #expect(one.validate().isEmpty)
    }

    @Test(arguments: [DispatchMode.grab, .roundRobin])
    func dispatchRule_poolModesNeedAtLeastOneAndNoDuplicates(mode: DispatchMode) {
        let empty = DispatchRule(id: "D1", site: site, category: .repair, department: "工程部", assignees: [], mode: mode)
        let dup = DispatchRule(id: "D1", site: site, category: .repair, department: "工程部",
                               assignees: ["wang", "li", "wang"], mode: mode)
        let badID = DispatchRule(id: "D1", site: site, category: .repair, department: "工程部",
                                 assignees: ["王师傅"], mode: mode)
        #expect(fields(empty.validate()) == ["assignees"])
        #expect(dup.validate() == [FieldError(field: "assignees", message: "assignee 'wang' is listed twice")])
        #expect(fields(badID.validate()) == ["assignees"])
    }

    @Test func dispatchRule_blankBuildingNormalisesToEveryBuilding() throws {
        let r = DispatchRule(id: "D1", site: site, building: " ", category: .repair, department: "工程部",
                             assignees: ["wang"], mode: .assign)
        #expect(fields(r.validate()) == ["building"])
        #expect(try r.normalized().building == nil)
    }
}
