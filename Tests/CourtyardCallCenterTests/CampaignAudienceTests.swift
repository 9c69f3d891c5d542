import Testing
import CourtyardCRDT
import CourtyardDomain
@testable import CourtyardCallCenter

@Suite struct CampaignAudienceTests {
    let site = ReplicaID("north-bay")
    let other = ReplicaID("south-gate")

    /// r1 owner of 1栋101 (owes 500.00), r2 tenant of 2栋201 (owes nothing), r3 family of
    /// 1栋101 sharing r1's phone in another spelling, r4 landline only, r5 opted out in the
    /// directory, r6 of another site, r7 without rooms.
    var directory: DirectorySnapshot {
        DirectorySnapshot(
            residents: [
                Resident(id: "r1", site: site, name: "张伟", phones: ["+8613812345678"]),
                Resident(id: "r2", site: site, name: "李娜", phones: ["+8613900001111", "+861012345678"]),
                Resident(id: "r3", site: site, name: "张小伟", phones: ["138 1234 5678"]),
                Resident(id: "r4", site: site, name: "王芳", phones: ["+8675588886666"]),
                Resident(id: "r5", site: site, name: "刘洋", phones: ["+8613700002222"], optOut: true),
                Resident(id: "r6", site: other, name: "陈静", phones: ["+8613600003333"]),
                Resident(id: "r7", site: site, name: "赵磊", phones: ["+8613500004444"]),
            ],
            rooms: [
                Room(id: "b1-101", site: site, building: "1栋", unit: "1单元", floor: 1, number: "101", arrearsCents: 50_000),
                Room(id: "b2-201", site: site, building: "2栋", unit: "1单元", floor: 2, number: "201"),
                Room(id: "b1-102", site: site, building: "1栋", unit: "1单元", floor: 1, number: "102", arrearsCents: 20_000),
                Room(id: "s-1", site: other, building: "1栋", unit: "1单元", floor: 1, number: "101", arrearsCents: 90_000),
            ],
            occupancies: [
                Occupancy(residentID: "r1", roomID: "b1-101", role: .owner),
                Occupancy(residentID: "r2", roomID: "b2-201", role: .tenant),
                Occupancy(residentID: "r3", roomID: "b1-101", role: .family),
                Occupancy(residentID: "r4", roomID: "b1-102", role: .owner),
                Occupancy(residentID: "r5", roomID: "b1-102", role: .tenant),
                Occupancy(residentID: "r6", roomID: "s-1", role: .owner),
            ])
    }

    func select(_ filter: AudienceFilter = AudienceFilter(), channel: CampaignChannel = .sms,
                optOuts: [OptOut] = []) -> Audience {
        AudienceSelection.select(site: site, channel: channel, filter: filter, directory: directory, optOuts: optOuts)
    }

    @Test func siteWide_sms_reachesMobilesOfTheSite_dedupedAndWithoutOptOuts() {
        let a = select()
        #expect(a.recipients.map(\.residentID) == ["r1", "r2", "r7"])
        #expect(a.skipped[.duplicatePhone] == 1, "r3 shares r1's phone in another spelling")
        #expect(a.skipped[.noReachablePhone] == 1, "r4 has only a landline")
        #expect(a.skipped[.optedOut] == 1, "r5")
        #expect(a.recipients.allSatisfy { $0.phone.hasPrefix("+86") })
    }

    @Test func voice_reachesLandlines_too() {
        #expect(select(channel: .voice).recipients.map(\.residentID) == ["r1", "r2", "r4", "r7"])
        #expect(select(channel: .voice).recipients.first { $0.residentID == "r4" }?.phone == "+8675588886666")
    }

    @Test func building_andRole_filters_needAMatchingOccupancy() {
        #expect(select(AudienceFilter(buildings: ["1栋"]), channel: .voice).recipients.map(\.residentID) == ["r1", "r4"])
        #expect(select(AudienceFilter(roles: [.tenant])).recipients.map(\.residentID) == ["r2"])
        #expect(select(AudienceFilter(buildings: ["9栋"])).recipients.isEmpty)
    }

    @Test func arrears_filter_selectsOwingRooms_andFillsAmount() {
        let a = select(AudienceFilter(arrearsAtLeastCents: 30_000), channel: .voice)
        #expect(a.recipients.map(\.residentID) == ["r1"])
        #expect(a.recipients[0].fields.amountCents == 50_000)
        #expect(a.recipients[0].fields.room == "1栋1单元101")
        #expect(a.recipients[0].roomID == "b1-101")
        #expect(select(AudienceFilter(arrearsAtLeastCents: 1), channel: .voice).recipients.map(\.residentID) == ["r1", "r4"])
    }

    @Test func optOut_perChannel_isHonoured() {
        let smsOnly = [OptOut(residentID: "r1", channel: .sms, atMs: 0)]
        #expect(!select(optOuts: smsOnly).recipients.map(\.residentID).contains("r1"))
        #expect(select(optOuts: smsOnly).recipients.map(\.residentID).contains("r3"),
                "r1 out, so r3 gets the shared phone")
        #expect(select(channel: .voice, optOuts: smsOnly).recipients.map(\.residentID).contains("r1"))
        let all = [OptOut(residentID: "r1", channel: .all, atMs: 0)]
        #expect(!select(channel: .voiceFile, optOuts: all).recipients.map(\.residentID).contains("r1"))
        let voice = [OptOut(residentID: "r2", channel: .voice, atMs: 0)]
        #expect(!select(channel: .voiceFile, optOuts: voice).recipients.map(\.residentID).contains("r2"))
    }

    @Test func selection_isIndependentOfInputOrder() {
        var shuffled = directory
        shuffled.residents.reverse()
        shuffled.rooms.reverse()
        shuffled.occupancies.reverse()
        let a = AudienceSelection.select(site: site, channel: .voice, filter: AudienceFilter(), directory: shuffled, optOuts: [])
        #expect(a == select(channel: .voice))
    }

    // MARK: Planning

    @Test func plan_rendersEveryRecipient_withSequentialIDs() throws {
        let c = Campaign(id: CampaignID("north-bay.cmp-1"), site: site, name: "催缴", channel: .sms,
                         template: "{name}：{room}欠费{amount}元", audience: AudienceFilter(arrearsAtLeastCents: 1),
                         createdAtMs: 1_000)
        let plan = try CampaignPlanner.plan(c, directory: directory, optOuts: [])
        #expect(plan.messages.map(\.id.rawValue) == ["north-bay.cmp-1:1"])
        #expect(plan.messages[0].body == "张伟：1栋1单元101欠费500.00元")
        #expect(plan.messages[0].state == .queued)
    }

    @Test func plan_messageTooLong_refusesWholePlan_namingResident() {
        let c = Campaign(id: CampaignID("c1"), site: site, name: "x", channel: .voice,
                         template: String(repeating: "长", count: CampaignLimits.voiceCharactersMax - 1) + "{name}", createdAtMs: 0)
        do { _ = try CampaignPlanner.plan(c, directory: directory, optOuts: []); Issue.record("expected an error") } catch {
            #expect(error.kind == .tooLong)
            #expect(error.message.contains("resident r1"))
        }
    }

    @Test func campaign_validate_refusesBadFields() {
        func c(_ edit: (inout Campaign) -> Void) -> Campaign {
            var c = Campaign(id: CampaignID("c1"), site: site, name: "通知", channel: .sms, template: "{name}", createdAtMs: 0)
            edit(&c)
            return c
        }
        let cases: [(String, Campaign)] = [
            ("name", c { $0.name = "  " }),
            ("ratePerMinute", c { $0.ratePerMinute = 0 }),
            ("window.dailyFromMinute", c { $0.window.dailyFromMinute = 1440 }),
            ("retry.attemptsMax", c { $0.retry.attemptsMax = 11 }),
            ("audience.arrearsAtLeastCents", c { $0.audience.arrearsAtLeastCents = 0 }),
            ("template", c { $0.channel = .voiceFile }),
            ("id", c { $0.id = CampaignID(String(repeating: "a", count: 57)) }),
        ]
        for (field, campaign) in cases {
            do { try campaign.validate(); Issue.record("\(field) accepted") } catch { #expect(error.field == field) }
        }
    }
}
