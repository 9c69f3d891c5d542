import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Hummingbird
import NIOCore

// MARK: - /api/v1/recordings

/// Call recordings (自动录音): upload from the telephony gateway, search, playback.
struct RecordingRoutes {
    let services: CallReportingServices?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.put("recordings/:callId", use: upload)
        group.get("recordings", use: search)
        group.get("recordings/:callId", use: get)
        group.get("recordings/:callId/audio", use: audio)
    }

    func enabled() throws -> CallReportingServices {
        guard let services else { throw APIError.callRecordsDisabled }
        return services
    }

    // MARK: Upload

    /// The body is the audio; `Content-Type` names its format (audio/wav, audio/mpeg,
    /// audio/ogg) and must match its first bytes. Metadata comes in the query: `site`,
    /// `startedAtMs`, `durationMs` (required), `caller`, `agent`.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<JSONBody<RecordingMetadata>> {
        let services = try enabled()
        let call = try context.callID()
        let q = QueryReader(request: request)
        guard let rawType = request.headers[.contentType] else {
            throw APIError(.unsupportedMediaType, code: "bad_format", "Content-Type is required: audio/wav, audio/mpeg or audio/ogg")
        }
        guard let format = RecordingFormat(contentType: rawType) else {
            throw APIError(.unsupportedMediaType, code: "bad_format",
                           "Content-Type '\(rawType.prefix(60))' is not a recording format: use audio/wav, audio/mpeg or audio/ogg")
        }
        guard let site = try q.site() else { throw APIError.badRequest("query 'site' is required", field: "site") }
        guard let startedAtMs = try q.int64("startedAtMs") else {
            throw APIError.badRequest("query 'startedAtMs' is required (epoch milliseconds)", field: "startedAtMs")
        }
        guard let durationMs = try q.int64("durationMs") else {
            throw APIError.badRequest("query 'durationMs' is required", field: "durationMs")
        }
        let upload = RecordingUpload(callID: call, site: site, caller: try Self.caller(q) ?? LedgerLimits.anonymousCaller,
                                     agent: try Self.agent(q), startedAtMs: startedAtMs, durationMs: durationMs, format: format)
        let body = try await request.collectBounded(services.recordings.uploadBytesMax)
        let audio = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        do {
            let stored = try await services.recordings.store(upload, audio: audio, nowMs: services.wallClock.nowMs())
            return EditedResponse(status: .created, response: JSONBody(stored))
        } catch let error as RecordingError {
            throw APIError(error)
        }
    }

    // MARK: Search and metadata

    /// Filters: `caller` (any spelling; normalised), `agent`, `site`, `from`/`to` (start time,
    /// epoch ms), `limit` (1–500, default 100). Newest first.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> JSONBody<RecordingListJSON> {
        let services = try enabled()
        let q = QueryReader(request: request)
        let from = try q.int64("from"), to = try q.int64("to")
        if let from, let to, from >= to {
            throw APIError.badRequest("query 'from' (\(from)) must be before 'to' (\(to))", field: "from")
        }
        let query = RecordingQuery(caller: try Self.caller(q), agent: try Self.agent(q), site: try q.site(),
                                   fromMs: from, toMs: to,
                                   limit: try q.int("limit", in: 1...RecordingQuery.limitMax) ?? 100)
        return JSONBody(RecordingListJSON(recordings: try await services.recordings.search(query)))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> JSONBody<RecordingMetadata> {
        let call = try context.callID()
        guard let metadata = try await enabled().recordings.recording(call) else { throw APIError.notFound("recording", call.rawValue) }
        return JSONBody(metadata)
    }

    // MARK: Playback

    /// Streams the file; honours one `Range: bytes=…` (206, or 416 when unsatisfiable).
    @Sendable func audio(_ request: Request, context: AppRequestContext) async throws -> Response {
        let services = try enabled()
        let call = try context.callID()
        guard let metadata = try await services.recordings.recording(call),
              let path = try await services.recordings.audioPath(call) else {
            throw APIError.notFound("recording", call.rawValue)
        }
        let size = Int(metadata.bytes)
        var headers: HTTPFields = [.contentType: metadata.format.contentType, .acceptRanges: "bytes"]
        guard let rawRange = request.headers[.range] else {
            headers[.contentLength] = String(size)
            return Response(status: .ok, headers: headers, body: try await FileIO().loadFile(path: path, context: context))
        }
        guard let range = RecordingByteRange.parse(rawRange, size: size) else {
            throw APIError(.rangeNotSatisfiable, code: "bad_range",
                           "Range '\(rawRange.prefix(60))' is not one satisfiable 'bytes=start-end' range of this \(size)-byte file")
        }
        headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
        headers[.contentLength] = String(range.count)
        return Response(status: .partialContent, headers: headers,
                        body: try await FileIO().loadFile(path: path, range: range, context: context))
    }

    // MARK: Parameters

    /// A caller number in any spelling, normalised like the ledger's; empty means none.
    static func caller(_ q: QueryReader) throws -> String? {
        guard let raw = try q.string("caller", max: PhoneNumber.inputBytesMax) else { return nil }
        if raw == LedgerLimits.anonymousCaller { return raw }
        do { return try PhoneNumber.normalize(raw) } catch {
            throw APIError.badRequest("query 'caller' is not a phone number: \(error)", field: "caller")
        }
    }

    static func agent(_ q: QueryReader) throws -> AgentID? {
        guard let raw = try q.string("agent") else { return nil }
        do { return try AgentID(validating: raw) } catch { throw APIError.badRequest(error.description, field: "agent") }
    }
}

struct RecordingListJSON: Encodable, Sendable {
    var recordings: [RecordingMetadata]
}

/// One `Range: bytes=a-b`, `bytes=a-` or `bytes=-n` header, clamped to the file.
enum RecordingByteRange {
    static func parse(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard size > 0, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let start = parts[0].isEmpty ? nil : Int(parts[0])
        let end = parts[1].isEmpty ? nil : Int(parts[1])
        switch (parts[0].isEmpty, parts[1].isEmpty) {
        case (true, false):  // suffix: the last n bytes
            guard let n = end, n > 0 else { return nil }
            return max(0, size - n)...(size - 1)
        case (false, _):
            guard let a = start, a >= 0, a < size else { return nil }
            if parts[1].isEmpty { return a...(size - 1) }
            guard let b = end, b >= a else { return nil }
            return a...min(b, size - 1)
        default:
            return nil
        }
    }
}

extension AppRequestContext {
    /// A call id from the path; malformed → 400.
    func callID(_ name: String = "callId") throws -> CallID {
        let raw = try parameters.require(name)
        do { return try CallID(validating: raw) } catch {
            throw APIError(.badRequest, code: "malformed_id", error.description,
                           fields: [.init(field: name, message: "malformed call id")])
        }
    }
}
