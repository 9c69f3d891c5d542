import CourtyardCallCenter
import CourtyardCRDT
import Foundation

// MARK: - Editing the IVR menu and notices at run time

/// Why an IVR edit was refused: `field` names what to fix (`root/2/1`, `fallbackQueue`,
/// `notices[3]`); `storage` means the edit could not be made durable and was not applied.
public struct IVREditError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable { case invalid, storage }

    public let kind: Kind
    public let field: String
    public let message: String

    public init(_ kind: Kind, field: String, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    public var description: String { message }
}

/// Edits the node's IVR menu and automatic notices from the supervisor wall: validates the
/// edit, stores it (so a restart keeps it), then applies it to the running call center, in
/// that order — a failed write leaves the call center as it was. At start, `restore` puts
/// the stored edits back over the configured menu and notices.
public struct IVREditor: Sendable {
    public let center: CallCenter
    public let store: any NodeSettingsStore
    public let wallClock: any WallClock

    public init(center: CallCenter, store: any NodeSettingsStore, wallClock: any WallClock) {
        self.center = center
        self.store = store
        self.wallClock = wallClock
    }

    // MARK: Menu

    /// The menu new calls hear, as configuration.
    public func menu() async -> IVRMenuConfig { IVRMenuConfig(await center.menu) }

    /// Validates, stores and applies a menu; returns it as applied.
    @discardableResult
    public func setMenu(_ config: IVRMenuConfig, by actor: String) async throws(IVREditError) -> IVRMenuConfig {
        let menu = try validatedMenu(config)
        let applied = IVRMenuConfig(menu)
        try await save(.ivrMenu, applied, by: actor)
        await center.setMenu(menu)
        return applied
    }

    /// `IVRMenu(config:site:)`, and every queue the menu names must be a queue of this node.
    public func validatedMenu(_ config: IVRMenuConfig) throws(IVREditError) -> IVRMenu {
        let menu: IVRMenu
        do {
            menu = try IVRMenu(config: config, site: center.site)
        } catch {
            throw IVREditError(.invalid, field: Self.field(error), error.description)
        }
        let queues = center.configuration.acd.queues.map(\.id)
        let known = queues.map(\.rawValue).joined(separator: ", ")
        guard queues.contains(menu.fallbackQueue) else {
            throw IVREditError(.invalid, field: "fallbackQueue",
                               "fallbackQueue '\(menu.fallbackQueue)' is not a queue of this node (\(known))")
        }
        var stack: [(IVRNodePath, IVRMenuNode)] = [(.root, menu.root)]
        while let (path, node) = stack.popLast() {
            switch node.action {
            case .transfer(let q), .emergencyHelp(let q):
                guard queues.contains(q) else {
                    throw IVREditError(.invalid, field: Self.field(path: path.description),
                                       "IVR menu node \(path): queue '\(q)' is not a queue of this node (\(known))")
                }
            default: break
            }
            for (d, child) in node.sortedChildren.reversed() { stack.append((path.appending(d), child)) }
        }
        return menu
    }

    static func field(_ error: IVRMenuError) -> String {
        if let path = error.path { return field(path: path) }
        return error.code == .invalidQueue ? "fallbackQueue" : "menu"
    }

    /// A node path (`/`, `/2/1`) as a field name: `root`, `root/2/1`.
    static func field(path: String) -> String { path == "/" ? "root" : "root" + path }

    // MARK: Notices

    /// The notice board, in board order.
    public func notices() async -> [IVRNotice] { await center.notices.notices }

    /// Validates, stores and applies a whole notice board (replacing the old one); notices
    /// whose window has closed are dropped.
    @discardableResult
    public func setNotices(_ notices: [IVRNotice], by actor: String) async throws(IVREditError) -> [IVRNotice] {
        let board = try Self.validatedBoard(notices, nowMs: wallClock.nowMs())
        try await save(.ivrNotices, board.notices, by: actor)
        await center.setNotices(board)
        return board.notices
    }

    /// Checks each notice (naming it by index) and refuses duplicate ids.
    public static func validatedBoard(_ notices: [IVRNotice], nowMs: Int64) throws(IVREditError) -> IVRNoticeBoard {
        guard notices.count <= IVRNoticeLimits.noticesMax else {
            throw IVREditError(.invalid, field: "notices", "at most \(IVRNoticeLimits.noticesMax) notices")
        }
        var board = IVRNoticeBoard()
        var seen: Set<String> = []
        for (i, n) in notices.enumerated() {
            guard seen.insert(n.id).inserted else {
                throw IVREditError(.invalid, field: "notices[\(i)].id", "notice id '\(n.id.prefix(64))' is used twice")
            }
            do { try board.upsert(n) } catch {
                throw IVREditError(.invalid, field: "notices[\(i)]", error.description)
            }
        }
        board.removeExpired(nowMs: nowMs)
        return board
    }

    // MARK: Persistence

    private func save(_ key: NodeSettingKey, _ value: some Encodable, by actor: String) async throws(IVREditError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let json = String(decoding: try encoder.encode(value), as: UTF8.self)
            try await store.setSetting(key, json: json, updatedBy: actor, nowMs: wallClock.nowMs())
        } catch {
            throw IVREditError(.storage, field: key.rawValue, "could not store \(key.rawValue): \(error)")
        }
    }

    /// Applies the stored menu and notices, when there are any, over the configured ones.
    /// A stored value that no longer validates (the node's queues changed) is skipped and
    /// reported in the result, so the node still starts with its configured one.
    public func restore() async throws -> [String] {
        var skipped: [String] = []
        let decoder = JSONDecoder()
        if let stored = try await store.setting(.ivrMenu) {
            do {
                let config = try decoder.decode(IVRMenuConfig.self, from: Data(stored.json.utf8))
                await center.setMenu(try validatedMenu(config))
            } catch {
                skipped.append("\(NodeSettingKey.ivrMenu.rawValue): \(error)")
            }
        }
        if let stored = try await store.setting(.ivrNotices) {
            do {
                let notices = try decoder.decode([IVRNotice].self, from: Data(stored.json.utf8))
                await center.setNotices(try Self.validatedBoard(notices, nowMs: wallClock.nowMs()))
            } catch {
                skipped.append("\(NodeSettingKey.ivrNotices.rawValue): \(error)")
            }
        }
        return skipped
    }
}
