import CourtyardCallCenter
import CourtyardCRDT
@testable import CourtyardRuntime
import Foundation
import Testing

/// A settings store in memory that can be told to fail its writes.
actor MemorySettingsStore: NodeSettingsStore {
    var values: [NodeSettingKey: NodeSetting] = [:]
    var failWrites = false

    func setting(_ key: NodeSettingKey) -> NodeSetting? { values[key] }

    func setSetting(_ key: NodeSettingKey, json: String, updatedBy: String, nowMs: Int64) throws {
        if failWrites { throw CocoaError(.fileWriteNoPermission) }
        values[key] = NodeSetting(key: key, json: json, updatedBy: updatedBy, updatedAtMs: nowMs)
    }

    func put(_ key: NodeSettingKey, json: String) { values[key] = NodeSetting(key: key, json: json, updatedBy: "x", updatedAtMs: 0) }
    func setFailWrites(_ on: Bool) { failWrites = on }
}

/// The IVR editor: a failed write applies nothing; a stored edit that no longer validates is
/// skipped at start; a good one is restored.
struct IVREditorTests {
    @Test func failedWrite_leavesTheRunningMenuUnchanged() async throws {
        let rig = CallCenterRig()
        let store = MemorySettingsStore()
        let editor = IVREditor(center: rig.center, store: store, wallClock: rig.wall)
        var config = await editor.menu()
        config.root.prompt = "新的欢迎语"
        await store.setFailWrites(true)
        await #expect { try await editor.setMenu(config, by: "supervisor") } throws: {
            ($0 as? IVREditError)?.kind == .storage
        }
        #expect(await rig.center.menu.root.prompt != "新的欢迎语")
        await store.setFailWrites(false)
        try await editor.setMenu(config, by: "supervisor")
        #expect(await rig.center.menu.root.prompt == "新的欢迎语")
    }

    @Test func restore_skipsAStoredMenuNamingAQueueThisNodeLacks_andAppliesGoodNotices() async throws {
        let rig = CallCenterRig()
        let store = MemorySettingsStore()
        let editor = IVREditor(center: rig.center, store: store, wallClock: rig.wall)
        var config = await editor.menu()
        config.fallbackQueue = "south-lake.service"
        let encoder = JSONEncoder()
        await store.put(.ivrMenu, json: String(decoding: try encoder.encode(config), as: UTF8.self))
        let now = rig.wall.nowMs()
        let notice = IVRNotice(id: "water-1", kind: .outage, text: "3栋停水", validFromMs: now, validUntilMs: now + 60_000)
        await store.put(.ivrNotices, json: String(decoding: try encoder.encode([notice]), as: UTF8.self))
        let before = await rig.center.menu

        let skipped = try await editor.restore()

        #expect(skipped.count == 1)
        #expect(skipped.first?.hasPrefix("ivr.menu") == true)
        #expect(await rig.center.menu == before)
        #expect(await rig.center.notices.notices.map(\.id) == ["water-1"])
    }

    @Test func savedBoard_dropsExpiredNotices_andRefusesDuplicateIDs() async throws {
        let rig = CallCenterRig()
        let editor = IVREditor(center: rig.center, store: MemorySettingsStore(), wallClock: rig.wall)
        let now = rig.wall.nowMs()
        let live = IVRNotice(id: "a", kind: .outage, text: "停电", validFromMs: now - 10, validUntilMs: now + 10)
        let old = IVRNotice(id: "b", kind: .outage, text: "旧通知", validFromMs: now - 20, validUntilMs: now - 10)
        #expect(try await editor.setNotices([live, old], by: "supervisor").map(\.id) == ["a"])
        await #expect { try await editor.setNotices([live, live], by: "supervisor") } throws: {
            ($0 as? IVREditError)?.field == "notices[1].id"
        }
    }
}
