import Foundation
import Testing
import CourtyardCRDT
@testable import CourtyardCallCenter

@Suite struct IVRMenuTests {
    let site = SiteID("north-bay")

    func config(_ root: IVRNodeConfig) -> IVRMenuConfig {
        IVRMenuConfig(fallbackQueue: "north-bay.service", root: root)
    }

    func leaf(_ key: String, _ action: String, kind: String? = nil, queue: String? = nil) -> IVRNodeConfig {
        IVRNodeConfig(key: key, title: "项", prompt: "提示", action: action, kind: kind, queue: queue)
    }

    func menu(_ key: String?, _ children: [IVRNodeConfig]) -> IVRNodeConfig {
        IVRNodeConfig(key: key, title: "菜单", prompt: "请选择", action: "menu", children: children)
    }

    func error(_ c: IVRMenuConfig) -> IVRMenuError? {
        do { _ = try IVRMenu(config: c, site: site); return nil } catch { return error }
    }

    @Test func demoMenu_isValid_andCoversEveryAction() throws {
        let m = IVRMenu.demo(site: site)
        #expect(m.validationErrors().isEmpty)
        let actions = Set(m.allNodes.map { String(describing: $0.node.action).prefix(while: { $0 != "(" }) })
        for name in ["menu", "playNotices", "feeInquiry", "feePayment", "insuranceInquiry", "repairBooking",
                     "publicFacilityRepair", "emergencyHelp", "information", "voicemail", "transfer", "back", "repeatMenu"] {
            #expect(actions.contains(Substring(name)), "demo menu lacks \(name)")
        }
        let topics = m.allNodes.compactMap { if case .information(let t) = $0.node.action { t } else { nil } }
        #expect(Set(topics) == Set(IVRInfoTopic.allCases))
    }

    @Test func config_roundTripsThroughJSON_toTheSameMenu() throws {
        let m = IVRMenu.demo(site: site)
        let data = try JSONEncoder().encode(IVRMenuConfig(m))
        let back = try IVRMenu(config: JSONDecoder().decode(IVRMenuConfig.self, from: data), site: site)
        #expect(back == m)
    }

    @Test func config_withPartialPrompts_keepsDefaultsForTheRest() throws {
        let json = #"{"fallbackQueue":"q1","prompts":{"goodbye":"拜拜"},"root":{"title":"主","prompt":"按0","action":"menu","children":[{"key":"0","title":"人工","prompt":"转","action":"transfer","queue":"q1"}]}}"#
        let m = try IVRMenu(config: JSONDecoder().decode(IVRMenuConfig.self, from: Data(json.utf8)), site: site)
        #expect(m.prompts.goodbye == "拜拜")
        #expect(m.prompts.invalidKey == IVRPrompts.mandarin.invalidKey)
    }

    @Test func validation_duplicateDigit_namesTheNodePath() {
        let e = error(config(menu(nil, [menu("2", [leaf("1", "back"), leaf("1", "repeat")])])))
        #expect(e?.code == .duplicateDigit)
        #expect(e?.path == "/2/1")
    }

    @Test func validation_transferWithoutQueue_isRefusedAtItsPath() {
        let e = error(config(menu(nil, [leaf("0", "transfer")])))
        #expect(e?.code == .missingQueue)
        #expect(e?.path == "/0")
        let bad = error(config(menu(nil, [leaf("9", "emergency", queue: "bad queue!")])))
        #expect(bad?.code == .invalidQueue)
        #expect(bad?.path == "/9")
    }

    @Test func validation_invalidKey_unknownAction_missingKind() {
        #expect(error(config(menu(nil, [leaf("A", "back")])))?.code == .invalidDigit)
        #expect(error(config(menu(nil, [leaf("1", "dance")])))?.code == .unknownAction)
        let k = error(config(menu(nil, [leaf("1", "repair", kind: "roof")])))
        #expect(k?.code == .missingField)
        #expect(k?.path == "/1")
    }

    @Test func validation_tooDeep_isRefused() {
        var node = leaf("1", "back")
        for _ in 0..<IVRMenuLimits.depthMax { node = menu("1", [node]) }
        #expect(error(config(menu(nil, [node])))?.code == .tooDeep)
    }

    @Test func validation_tooManyNodes_isRefused() {
        let kids = (0..<10).map { i in menu(String(i), (0..<10).map { j in menu(String(j), (0..<3).map { leaf(String($0), "repeat") }) }) }
        #expect(error(config(menu(nil, kids)))?.code == .tooManyNodes)
    }

    @Test func validation_emptyMenu_longPrompt_leafWithChildren_badSettings() {
        #expect(error(config(menu(nil, [menu("1", [])])))?.path == "/1")
        var long = leaf("1", "back")
        long.prompt = String(repeating: "长", count: IVRMenuLimits.promptCharsMax + 1)
        #expect(error(config(menu(nil, [long])))?.code == .promptTooLong)
        var withKids = leaf("1", "info", kind: "policies")
        withKids.children = [leaf("1", "back")]
        #expect(error(config(menu(nil, [withKids])))?.code == .leafWithChildren)
        var c = config(menu(nil, [leaf("1", "repeat")]))
        c.attemptsMax = 0
        let s = error(c)
        #expect(s?.code == .invalidSetting)
        #expect(s?.path == nil)
        #expect(error(config(leaf("1", "repeat")))?.code == .emptyMenu)
    }

    @Test func nodePath_parsesAndRendersItsForm() {
        let p = IVRNodePath([.d2, .d1])
        #expect(p.description == "/2/1")
        #expect(IVRNodePath(parsing: "/2/1") == p)
        #expect(IVRNodePath(parsing: "/") == .root)
        #expect(IVRNodePath(parsing: "2/1") == nil)
        #expect(IVRNodePath(parsing: "/x") == nil)
    }
}
