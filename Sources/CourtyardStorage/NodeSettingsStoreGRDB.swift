import CourtyardRuntime
import GRDB

/// The node's run-time settings in `node_setting` (one row per `NodeSettingKey`).
public struct GRDBNodeSettingsStore: NodeSettingsStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func setting(_ key: NodeSettingKey) async throws -> NodeSetting? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT value, updated_by, updated_at_ms FROM node_setting WHERE key = ?",
                             arguments: [key.rawValue]).map { row in
                NodeSetting(key: key, json: row["value"], updatedBy: row["updated_by"], updatedAtMs: row["updated_at_ms"])
            }
        }
    }

    public func setSetting(_ key: NodeSettingKey, json: String, updatedBy: String, nowMs: Int64) async throws {
        guard json.utf8.count <= NodeSetting.jsonBytesMax else {
            throw StorageError(.batchTooLarge, "setting \(key.rawValue) of \(json.utf8.count) bytes; the limit is \(NodeSetting.jsonBytesMax)")
        }
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO node_setting (key, value, updated_by, updated_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
                    updated_at_ms = excluded.updated_at_ms
                """, arguments: [key.rawValue, json, updatedBy, nowMs])
        }
    }
}

extension AppDatabase {
    public var nodeSettingsStore: GRDBNodeSettingsStore { GRDBNodeSettingsStore(database: self) }
}
