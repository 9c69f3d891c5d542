import CourtyardCallCenter
import CourtyardCRDT
import GRDB

/// One row of `recording`.
struct RecordingRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "recording"

    var callID: String
    var site: String
    var caller: String
    var agentID: String?
    var startedAtMs: Int64
    var durationMs: Int64
    var bytes: Int64
    var format: String
    var sha256: String
    /// Relative to the data directory: `recordings/<site>/<yyyy>/<mm>/<callid>.<ext>`.
    var path: String
    var storedAtMs: Int64

    enum CodingKeys: String, CodingKey {
        case callID = "call_id", site, caller, agentID = "agent_id", startedAtMs = "started_at_ms"
        case durationMs = "duration_ms", bytes, format, sha256, path, storedAtMs = "stored_at_ms"
    }

    enum Columns {
        static let callID = Column(CodingKeys.callID)
        static let site = Column(CodingKeys.site)
        static let caller = Column(CodingKeys.caller)
        static let agentID = Column(CodingKeys.agentID)
        static let startedAtMs = Column(CodingKeys.startedAtMs)
    }

    init(_ m: RecordingMetadata, path: String) {
        callID = m.callID.rawValue
        site = m.site.rawValue
        caller = m.caller
        agentID = m.agent?.rawValue
        startedAtMs = m.startedAtMs
        durationMs = m.durationMs
        bytes = m.bytes
        format = m.format.rawValue
        sha256 = m.sha256
        self.path = path
        storedAtMs = m.storedAtMs
    }

    func metadata() throws -> RecordingMetadata {
        guard let site = ReplicaID(validating: site), let format = RecordingFormat(rawValue: format),
              let call = try? CallID(validating: callID) else {
            throw StorageError(.corruptRow, "recording row \(callID) has an invalid site, format or call id")
        }
        let agent: AgentID? = try agentID.map { raw in
            guard let agent = try? AgentID(validating: raw) else {
                throw StorageError(.corruptRow, "recording row \(callID) has an invalid agent id")
            }
            return agent
        }
        return RecordingMetadata(callID: call, site: site, caller: caller, agent: agent, startedAtMs: startedAtMs,
                                 durationMs: durationMs, bytes: bytes, format: format, sha256: sha256,
                                 storedAtMs: storedAtMs)
    }
}
