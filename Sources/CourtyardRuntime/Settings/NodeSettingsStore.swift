// MARK: - Node settings

/// Small named settings a node edits at run time and must keep across restarts (the IVR
/// menu and notices edited on the supervisor wall). Values are JSON documents; the caller
/// validates them before `set` and decodes them after `get`.
public protocol NodeSettingsStore: Sendable {
    /// The stored value, nil when never set.
    func setting(_ key: NodeSettingKey) async throws -> NodeSetting?
    /// Replaces the value, durably, when this returns.
    func setSetting(_ key: NodeSettingKey, json: String, updatedBy: String, nowMs: Int64) async throws
}

/// The settings a node knows; a closed set, so nothing else is ever written.
public enum NodeSettingKey: String, CaseIterable, Hashable, Sendable {
    case ivrMenu = "ivr.menu"
    case ivrNotices = "ivr.notices"
}

/// A stored setting with who changed it last and when.
public struct NodeSetting: Hashable, Sendable {
    public var key: NodeSettingKey
    public var json: String
    public var updatedBy: String
    public var updatedAtMs: Int64

    public init(key: NodeSettingKey, json: String, updatedBy: String, updatedAtMs: Int64) {
        self.key = key
        self.json = json
        self.updatedBy = updatedBy
        self.updatedAtMs = updatedAtMs
    }

    /// A value is at most this large (an IVR menu of 200 nodes with 500-character prompts fits).
    public static let jsonBytesMax = 512 * 1024
}
