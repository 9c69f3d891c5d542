import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Crypto
import Foundation
import GRDB

/// Recordings (自动录音) on this node: audio files under
/// `<data>/recordings/<site>/<yyyy>/<mm>/<callid>.<ext>` (UTC month of the call's start),
/// metadata in the `recording` table.
///
/// A store writes the file completely (synced) under a temporary name first, then — holding
/// the database's single writer — checks the call has no recording yet, renames the file into
/// place and inserts the row. An upload that fails at any step leaves neither file nor row.
public struct GRDBRecordingStore: RecordingStore {
    /// The default bound on one upload: about 70 minutes of 16-bit 8 kHz mono WAV.
    public static let defaultUploadBytesMax = 64 * 1024 * 1024
    /// Rows handled per purge transaction.
    static let purgeBatch = 500

    let database: AppDatabase
    /// The node's data directory; recordings live in its `recordings/` folder.
    public let dataDirectory: URL
    public let uploadBytesMax: Int

    public init(database: AppDatabase, dataDirectory: URL, uploadBytesMax: Int = Self.defaultUploadBytesMax) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.uploadBytesMax = uploadBytesMax
    }

    // MARK: Store

    public func store(_ upload: RecordingUpload, audio: [UInt8], nowMs: Int64) async throws -> RecordingMetadata {
        guard audio.count <= uploadBytesMax else {
            throw RecordingError(.tooLarge, "recording of \(audio.count) bytes; the limit is \(uploadBytesMax) bytes")
        }
        try upload.validate(audio: audio)
        if try await recording(upload.callID) != nil { throw Self.duplicate(upload.callID) }

        let relative = Self.relativePath(upload)
        let final = dataDirectory.appendingPathComponent(relative)
        let folder = final.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent(".\(upload.callID.rawValue).\(UUID().uuidString).partial")
        try Self.writeSynced(audio, to: partial)

        let digest = SHA256.hash(data: audio).map { String(format: "%02x", $0) }.joined()
        let metadata = RecordingMetadata(callID: upload.callID, site: upload.site, caller: upload.caller, agent: upload.agent,
                                         startedAtMs: upload.startedAtMs, durationMs: upload.durationMs,
                                         bytes: Int64(audio.count), format: upload.format, sha256: digest, storedAtMs: nowMs)
        do {
            try await database.writer.write { db in
                guard try RecordingRow.filter(RecordingRow.Columns.callID == upload.callID.rawValue).fetchCount(db) == 0 else {
                    throw Self.duplicate(upload.callID)
                }
                try Self.replace(final, with: partial)
                do {
                    try RecordingRow(metadata, path: relative).insert(db)
                } catch {
                    try? FileManager.default.removeItem(at: final)  // ours: no row named it, we hold the writer
                    throw error
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        return metadata
    }

    static func duplicate(_ call: CallID) -> RecordingError {
        RecordingError(.duplicate, "call \(call) already has a recording; recordings are never overwritten")
    }

    /// `recordings/<site>/<yyyy>/<mm>/<callid>.<ext>`; every part is a validated token, so
    /// the path cannot leave the folder.
    static func relativePath(_ upload: RecordingUpload) -> String {
        let day = upload.startedAtMs >= 0 ? upload.startedAtMs / 86_400_000 : (upload.startedAtMs - 86_399_999) / 86_400_000
        let date = CivilDate(dayNumber: Int(day))
        let year = String(format: "%04d", date.year), month = String(format: "%02d", date.month)
        return "recordings/\(upload.site.rawValue)/\(year)/\(month)/\(upload.callID.rawValue).\(upload.format.fileExtension)"
    }

    static func writeSynced(_ bytes: [UInt8], to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: bytes)
        try handle.synchronize()
    }

    static func replace(_ final: URL, with partial: URL) throws {
        if FileManager.default.fileExists(atPath: final.path) {
            try FileManager.default.removeItem(at: final)  // a leftover of a crash between rename and commit
        }
        try FileManager.default.moveItem(at: partial, to: final)
    }

    // MARK: Reads

    public func recording(_ call: CallID) async throws -> RecordingMetadata? {
        try await database.reader.read { db in
            try RecordingRow.filter(RecordingRow.Columns.callID == call.rawValue).fetchOne(db)?.metadata()
        }
    }

    public func search(_ query: RecordingQuery) async throws -> [RecordingMetadata] {
        typealias C = RecordingRow.Columns
        var request = RecordingRow.all()
        if let caller = query.caller { request = request.filter(C.caller == caller) }
        if let agent = query.agent { request = request.filter(C.agentID == agent.rawValue) }
        if let site = query.site { request = request.filter(C.site == site.rawValue) }
        if let from = query.fromMs { request = request.filter(C.startedAtMs >= from) }
        if let to = query.toMs { request = request.filter(C.startedAtMs < to) }
        let ordered = request.order(C.startedAtMs.desc, C.callID).limit(query.limit)
        return try await database.reader.read { db in try ordered.fetchAll(db).map { try $0.metadata() } }
    }

    public func audioPath(_ call: CallID) async throws -> String? {
        let relative = try await database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT path FROM recording WHERE call_id = ?", arguments: [call.rawValue])
        }
        return relative.map { dataDirectory.appendingPathComponent($0).path }
    }

    // MARK: Retention

    /// Deletes, batch by batch, each expired recording's file and then its row, so a crash
    /// midway leaves at worst a row whose file is gone, removed by the next purge.
    public func purge(olderThanDays days: Int, nowMs: Int64) async throws -> Int {
        guard (1...36_500).contains(days) else {
            throw RecordingError(.invalid, "retention must be 1–36500 days (got \(days))")
        }
        let cutoff = nowMs - Int64(days) * 86_400_000
        var deleted = 0
        while true {
            let expired = try await database.reader.read { db in
                try Row.fetchAll(db, sql: "SELECT call_id, path FROM recording WHERE started_at_ms < ? ORDER BY started_at_ms, call_id LIMIT ?",
                                 arguments: [cutoff, Self.purgeBatch])
                    .map { (call: $0["call_id"] as String, path: $0["path"] as String) }
            }
            guard !expired.isEmpty else { return deleted }
            for item in expired {
                let url = dataDirectory.appendingPathComponent(item.path)
                if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            }
            try await database.writer.write { db in
                for item in expired {
                    try db.execute(sql: "DELETE FROM recording WHERE call_id = ?", arguments: [item.call])
                }
            }
            deleted += expired.count
        }
    }
}
