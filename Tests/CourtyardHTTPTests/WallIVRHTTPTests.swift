import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The supervisor wall's read, and editing the IVR menu and notices: validated, stored,
/// applied to the running call center, kept across a restart; role limits.
@Suite struct WallIVRHTTPTests {
    // MARK: Wall

    @Test func wall_showsWaitingCalls_agentsByState_andTheSLABoard() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen"), sup = try await client.login("supervisor")
            _ = try await client.assignedTicket(agent: agent, to: "tech-zhang")
            #expect(try await client.call(.post, "/api/v1/agents/cs-chen/login", token: agent, body: "{}").status == .ok)

            let r = try await client.call(.get, "/api/v1/wall?site=north-bay", token: sup)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let wall = try object(r)
            #expect(wall["site"] as? String == "north-bay")
            let calls = try #require(wall["calls"] as? [String: Any])
            #expect(calls["waiting"] as? Int == 0)
            #expect(calls["longestWaitMs"] as? Int == 0)
            #expect((calls["queues"] as? [[String: Any]])?.count == 2)
            let agents = try #require(wall["agents"] as? [String: Any])
            let byState = agents["byState"] as? [[String: Any]] ?? []
            #expect(byState.map { $0["state"] as? String } == AgentStateKind.allCases.map(\.rawValue))
            #expect(byState.first { $0["state"] as? String == "available" }?["count"] as? Int == 1)
            #expect((agents["list"] as? [[String: Any]])?.map { $0["agent"] as? String } == ["cs-chen"])
            let sla = try #require(wall["sla"] as? [String: Any])
            #expect(sla["open"] as? Int == 1)
            #expect((sla["levels"] as? [[String: Any]])?.map { $0["level"] as? Int } == [1, 2, 3])
            let row = try #require((sla["tickets"] as? [[String: Any]])?.first)
            #expect(row["assignee"] as? String == "tech-zhang")
            #expect(row["nextLevel"] as? Int == 1)
            #expect(row["nextDueAtMs"] as? Int != nil)
        }
    }

    @Test func wall_refusesAnotherSite_technicians_andAgents() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let admin = try await client.login("admin")
            let other = try await client.call(.get, "/api/v1/wall?site=south-lake", token: admin)
            #expect(other.status == .badRequest)
            #expect((try errorBody(other)["fields"] as? [[String: Any]])?.first?["field"] as? String == "site")
            #expect(try await client.call(.get, "/api/v1/wall?rows=0", token: admin).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/wall", token: admin).status == .ok)
            for name in ["tech-zhang", "cs-chen"] {
                let token = try await client.login(name)
                #expect(try await client.call(.get, "/api/v1/wall?site=north-bay", token: token).status == .forbidden, "\(name)")
            }
        }
    }

    // MARK: IVR menu

    @Test func menuEdit_isAppliedToTheCallCenter_andSurvivesARestart() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let sup = try await client.login("supervisor")
            var menu = try object(try await client.call(.get, "/api/v1/ivr/menu", token: sup))
            var root = try #require(menu["root"] as? [String: Any])
            root["prompt"] = "您好，这里是北湾物业。报修请按2。"
            menu["root"] = root
            let body = String(decoding: try JSONSerialization.data(withJSONObject: menu), as: UTF8.self)
            let r = try await client.call(.put, "/api/v1/ivr/menu", token: sup, body: body)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect(await h.center.menu.root.prompt == "您好，这里是北湾物业。报修请按2。")
            #expect(try await h.settings.setting(.ivrMenu)?.updatedBy == "supervisor")
        }
        // A restarted node: a fresh call center over the same database restores the edit.
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: h.base.wall, random: SeededRandom(seed: 6),
                                  logger: Logger(label: "restart"))
        let restarted = TechWallHarness.makeCenter(h.base, env: env)
        #expect(await restarted.menu.root.prompt != "您好，这里是北湾物业。报修请按2。")
        let skipped = try await IVREditor(center: restarted, store: h.settings, wallClock: h.base.wall).restore()
        #expect(skipped.isEmpty)
        #expect(await restarted.menu.root.prompt == "您好，这里是北湾物业。报修请按2。")
    }

    @Test func badMenus_areRefusedWithTheNodeNamed_andNothingChanges() async throws {
        let h = try await TechWallHarness()
        let before = await h.center.menu
        try await h.app.test(.router) { client in
            let sup = try await client.login("supervisor")
            let original = try object(try await client.call(.get, "/api/v1/ivr/menu", token: sup))
            func edited(_ change: (inout [String: Any]) -> Void) throws -> String {
                var m = original
                change(&m)
                return String(decoding: try JSONSerialization.data(withJSONObject: m), as: UTF8.self)
            }
            let unknownAction = try edited { m in
                var root = m["root"] as! [String: Any]
                var kids = root["children"] as! [[String: Any]]
                kids[0]["action"] = "teleport"
                kids[0]["children"] = nil
                root["children"] = kids
                m["root"] = root
            }
            let firstKey = ((original["root"] as? [String: Any])?["children"] as? [[String: Any]])?.first?["key"] as? String ?? "?"
            let foreignQueue = try edited { m in m["fallbackQueue"] = "south-lake.service" }
            let slowDigits = try edited { m in m["digitTimeoutMs"] = 999_999 }
            for (name, body, field) in [("unknown action", unknownAction, "root/\(firstKey)"),
                                        ("foreign queue", foreignQueue, "fallbackQueue"),
                                        ("slow digits", slowDigits, "menu"),
                                        ("missing root", #"{"fallbackQueue":"north-bay.service"}"#, "root")] {
                let r = try await client.call(.put, "/api/v1/ivr/menu", token: sup, body: body)
                #expect(r.status == .badRequest, "\(name): \(String(buffer: r.body))")
                #expect((try errorBody(r)["fields"] as? [[String: Any]])?.first?["field"] as? String == field, "\(name)")
            }
            #expect(try await h.settings.setting(.ivrMenu) == nil)
        }
        #expect(await h.center.menu == before)
    }

    @Test func technicianAndAgent_cannotEditTheIVR() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let sup = try await client.login("supervisor")
            let menu = String(buffer: try await client.call(.get, "/api/v1/ivr/menu", token: sup).body)
            for name in ["tech-zhang", "cs-chen"] {
                let token = try await client.login(name)
                #expect(try await client.call(.put, "/api/v1/ivr/menu", token: token, body: menu).status == .forbidden, "\(name)")
                #expect(try await client.call(.put, "/api/v1/ivr/notices", token: token, body: #"{"notices":[]}"#).status == .forbidden)
            }
            #expect(try await client.call(.get, "/api/v1/ivr/menu", token: try await client.login("tech-zhang")).status == .forbidden)
            #expect(try await h.settings.setting(.ivrMenu) == nil)
            #expect(try await h.settings.setting(.ivrNotices) == nil)
        }
    }

    // MARK: Notices

    static func notice(_ id: String, kind: String = "outage", from: Int64, until: Int64) -> String {
        #"{"id":"\#(id)","kind":"\#(kind)","text":"3栋停水检修","validFromMs":\#(from),"validUntilMs":\#(until),"buildings":["3"]}"#
    }

    @Test func notices_areValidated_stored_andApplied() async throws {
        let h = try await TechWallHarness()
        let now = h.base.wall.nowMs()
        try await h.app.test(.router) { client in
            let sup = try await client.login("supervisor")
            let good = #"{"notices":[\#(Self.notice("water-1", from: now, until: now + 3_600_000))]}"#
            let r = try await client.call(.put, "/api/v1/ivr/notices", token: sup, body: good)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect(await h.center.notices.notices.map(\.id) == ["water-1"])
            let listed = try object(try await client.call(.get, "/api/v1/ivr/notices", token: sup))
            #expect((listed["notices"] as? [[String: Any]])?.first?["text"] as? String == "3栋停水检修")
            let stored = try #require(try await h.settings.setting(.ivrNotices))

            let bad: [(String, String, String)] = [
                ("kind", #"{"notices":[\#(Self.notice("a", kind: "rumour", from: now, until: now + 1))]}"#, "notices[0].kind"),
                ("window", #"{"notices":[\#(Self.notice("a", from: now + 5, until: now))]}"#, "notices[0]"),
                ("duplicate", #"{"notices":[\#(Self.notice("a", from: now, until: now + 9)),\#(Self.notice("a", from: now, until: now + 9))]}"#,
                 "notices[1].id"),
                ("missing text", #"{"notices":[{"id":"a","kind":"outage","validFromMs":1,"validUntilMs":2}]}"#, "notices[0].text"),
            ]
            for (name, body, field) in bad {
                let r = try await client.call(.put, "/api/v1/ivr/notices", token: sup, body: body)
                #expect(r.status == .badRequest, "\(name): \(String(buffer: r.body))")
                #expect((try errorBody(r)["fields"] as? [[String: Any]])?.first?["field"] as? String == field, "\(name)")
            }
            #expect(try await h.settings.setting(.ivrNotices) == stored)
            #expect(await h.center.notices.notices.map(\.id) == ["water-1"])
        }
    }
}
