import CourtyardCRDT

// MARK: - Recording formats

/// The audio formats accepted for call recordings, recognised by their first bytes so a
/// mislabelled or garbage upload is refused before anything is written.
public enum RecordingFormat: String, Hashable, Sendable, Codable, CaseIterable {
    case wav
    case mp3
    case ogg

    /// The file extension under `recordings/`.
    public var fileExtension: String { rawValue }

    /// The `Content-Type` served for playback.
    public var contentType: String {
        switch self {
        case .wav: "audio/wav"
        case .mp3: "audio/mpeg"
        case .ogg: "audio/ogg"
        }
    }

    /// The format named by a `Content-Type` (parameters ignored), if it is one we accept.
    public init?(contentType: String) {
        let type = contentType.split(separator: ";").first.map { String($0.filter { $0 != " " }).lowercased() } ?? ""
        switch type {
        case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave": self = .wav
        case "audio/mpeg", "audio/mp3": self = .mp3
        case "audio/ogg", "audio/opus", "application/ogg": self = .ogg
        default: return nil
        }
    }

    /// Whether `prefix` (the first bytes of a file) looks like this format: `RIFF….WAVE`,
    /// an ID3 tag or an MPEG audio frame sync, `OggS`.
    public func matches(_ prefix: some Collection<UInt8>) -> Bool {
        let b = Array(prefix.prefix(12))
        switch self {
        case .wav:
            return b.count >= 12 && b[0..<4] == [0x52, 0x49, 0x46, 0x46] && b[8..<12] == [0x57, 0x41, 0x56, 0x45]
        case .mp3:
            if b.count >= 3, b[0..<3] == [0x49, 0x44, 0x33] { return true }  // "ID3"
            return b.count >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0
        case .ogg:
            return b.count >= 4 && b[0..<4] == [0x4F, 0x67, 0x67, 0x53]
        }
    }
}

// MARK: - Metadata

/// What the caller of an upload says about a recording; the store adds size and hash.
public struct RecordingUpload: Hashable, Sendable {
    public var callID: CallID
    public var site: SiteID
    /// The normalised caller number (or `anonymous`).
    public var caller: String
    public var agent: AgentID?
    public var startedAtMs: Int64
    public var durationMs: Int64
    public var format: RecordingFormat

    public init(callID: CallID, site: SiteID, caller: String, agent: AgentID?, startedAtMs: Int64,
                durationMs: Int64, format: RecordingFormat) {
        self.callID = callID
        self.site = site
        self.caller = caller
        self.agent = agent
        self.startedAtMs = startedAtMs
        self.durationMs = durationMs
        self.format = format
    }

    /// The longest recording accepted: 12 hours.
    public static let durationMsMax: Int64 = 12 * 3_600_000

    /// Checks the bounds and that `audio` is non-empty and in the declared format.
    public func validate(audio: some Collection<UInt8>) throws(RecordingError) {
        guard (LedgerLimits.atMsMin...LedgerLimits.atMsMax).contains(startedAtMs) else {
            throw RecordingError(.invalid, "startedAtMs \(startedAtMs) is outside 2000…2200 (epoch milliseconds expected)")
        }
        guard (0...Self.durationMsMax).contains(durationMs) else {
            throw RecordingError(.invalid, "durationMs \(durationMs) is outside 0…\(Self.durationMsMax)")
        }
        do { try LedgerEventBody.check(caller, "caller", max: LedgerLimits.numberBytesMax) } catch {
            throw RecordingError(.invalid, error.message)
        }
        guard !audio.isEmpty else { throw RecordingError(.invalid, "the recording body is empty") }
        guard format.matches(audio) else {
            throw RecordingError(.badFormat, "the body is not \(format.rawValue) audio (its first bytes do not match the format)")
        }
    }
}

/// A stored recording (自动录音): who, when, how long, and how to check the file.
public struct RecordingMetadata: Hashable, Sendable, Codable {
    public var callID: CallID
    public var site: SiteID
    public var caller: String
    public var agent: AgentID?
    public var startedAtMs: Int64
    public var durationMs: Int64
    public var bytes: Int64
    public var format: RecordingFormat
    /// Lower-case hex SHA-256 of the file.
    public var sha256: String
    /// When the node stored it (retention counts from `startedAtMs`, not from this).
    public var storedAtMs: Int64

    public init(callID: CallID, site: SiteID, caller: String, agent: AgentID?, startedAtMs: Int64,
                durationMs: Int64, bytes: Int64, format: RecordingFormat, sha256: String, storedAtMs: Int64) {
        self.callID = callID
        self.site = site
        self.caller = caller
        self.agent = agent
        self.startedAtMs = startedAtMs
        self.durationMs = durationMs
        self.bytes = bytes
        self.format = format
        self.sha256 = sha256
        self.storedAtMs = storedAtMs
    }
}

/// A search over recordings; filters combine with AND, newest first.
public struct RecordingQuery: Hashable, Sendable {
    public static let limitMax = 500

    public var caller: String?
    public var agent: AgentID?
    public var site: SiteID?
    /// Inclusive lower bound on `startedAtMs`.
    public var fromMs: Int64?
    /// Exclusive upper bound on `startedAtMs`.
    public var toMs: Int64?
    public var limit: Int

    public init(caller: String? = nil, agent: AgentID? = nil, site: SiteID? = nil,
                fromMs: Int64? = nil, toMs: Int64? = nil, limit: Int = 100) {
        self.caller = caller
        self.agent = agent
        self.site = site
        self.fromMs = fromMs
        self.toMs = toMs
        self.limit = min(max(limit, 1), Self.limitMax)
    }
}

// MARK: - Errors

/// Why a recording operation was refused; nothing was written.
public struct RecordingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case invalid
        case badFormat
        case tooLarge
        case duplicate
        case notFound
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

// MARK: - Store

/// Recordings: audio files under the data directory, metadata in the database.
public protocol RecordingStore: Sendable {
    /// The largest accepted upload, in bytes.
    var uploadBytesMax: Int { get }
    /// Validates, writes the file, then the row; on any failure neither remains.
    /// A second upload for the same call is refused as `duplicate`.
    func store(_ upload: RecordingUpload, audio: [UInt8], nowMs: Int64) async throws -> RecordingMetadata
    func recording(_ call: CallID) async throws -> RecordingMetadata?
    func search(_ query: RecordingQuery) async throws -> [RecordingMetadata]
    /// The absolute path of the audio file, for streaming; nil if there is no recording.
    func audioPath(_ call: CallID) async throws -> String?
    /// Deletes files and rows of recordings started more than `days` days before `nowMs`;
    /// returns how many were deleted.
    func purge(olderThanDays days: Int, nowMs: Int64) async throws -> Int
}
