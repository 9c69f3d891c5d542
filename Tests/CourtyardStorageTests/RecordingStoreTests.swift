import CourtyardCallCenter
import CourtyardCRDT
import CourtyardStorage
import Foundation
import Testing

/// Recordings: files under the data directory, rows in `recording`, retention.
@Suite struct RecordingStoreTests {
    static let t0: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
    static let wav: [UInt8] = Array("RIFF".utf8) + [36, 0, 0, 0] + Array("WAVEfmt ".utf8) + Array(repeating: 7, count: 100)

    struct Fixture {
        let db: TestDatabase
        let dataDirectory: URL
        let store: GRDBRecordingStore

        init(_ kind: DatabaseKind = .inMemory, uploadBytesMax: Int = 1_000) throws {
            db = try TestDatabase(kind)
            dataDirectory = db.directory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("courtyard-rec-\(ProcessInfo.processInfo.globallyUniqueString)")
            store = GRDBRecordingStore(database: db.database, dataDirectory: dataDirectory, uploadBytesMax: uploadBytesMax)
        }

        func files() -> [String] {
            let root = dataDirectory.appendingPathComponent("recordings")
            let all = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
            return all.filter { $0.hasSuffix(".wav") || $0.hasSuffix(".partial") || $0.hasSuffix(".mp3") }.sorted()
        }
    }

    static func upload(_ call: String, caller: String = "+8613812345678", agent: String? = "a1",
                       startedAtMs: Int64 = t0, format: RecordingFormat = .wav) -> RecordingUpload {
        RecordingUpload(callID: CallID(call), site: Sites.northBay, caller: caller, agent: agent.map(AgentID.init),
                        startedAtMs: startedAtMs, durationMs: 60_000, format: format)
    }

    @Test(arguments: DatabaseKind.allCases)
    func upload_writesTheFileUnderSiteYearMonth_andTheRow(_ kind: DatabaseKind) async throws {
        let f = try Fixture(kind)
        let stored = try await f.store.store(Self.upload("north-bay:c1"), audio: Self.wav, nowMs: Self.t0 + 61_000)
        #expect(stored.bytes == Int64(Self.wav.count))
        #expect(stored.sha256.count == 64)
        #expect(f.files() == ["north-bay/2026/01/north-bay:c1.wav"])
        let path = try #require(try await f.store.audioPath(CallID("north-bay:c1")))
        #expect(path.hasSuffix("recordings/north-bay/2026/01/north-bay:c1.wav"))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == Self.wav)
        #expect(try await f.store.recording(CallID("north-bay:c1")) == stored)
    }

    @Test func sha256_isTheDigestOfTheBytes() async throws {
        let f = try Fixture()
        let abc: [UInt8] = Array("ID3abc".utf8)
        let stored = try await f.store.store(Self.upload("c1", format: .mp3), audio: abc, nowMs: Self.t0)
        // `printf 'ID3abc' | sha256sum`
        #expect(stored.sha256 == "2813ee960c644072f370bc19777434f18785a8edd8ba5092169b314b76af2b0a")
    }

    @Test func refusedUploads_writeNothing() async throws {
        let f = try Fixture(uploadBytesMax: 200)
        let cases: [(RecordingUpload, [UInt8], RecordingError.Kind)] = [
            (Self.upload("c1"), Array(repeating: 0, count: 201), .tooLarge),
            (Self.upload("c2"), Array("OggS....".utf8), .badFormat),
            (Self.upload("c3"), [], .invalid),
            (Self.upload("c4", startedAtMs: 5), Self.wav, .invalid),
            (Self.upload("c5", caller: ""), Self.wav, .invalid),
        ]
        for (upload, audio, kind) in cases {
            do {
                _ = try await f.store.store(upload, audio: audio, nowMs: Self.t0)
                Issue.record("accepted \(upload.callID)")
            } catch let error as RecordingError {
                #expect(error.kind == kind)
            }
        }
        #expect(f.files() == [])
        #expect(try await f.store.search(RecordingQuery()) == [])
    }

    @Test func secondUploadForACall_isRefusedAndKeepsTheFirst() async throws {
        let f = try Fixture()
        let first = try await f.store.store(Self.upload("c1"), audio: Self.wav, nowMs: Self.t0)
        let other = Self.wav + [1, 2, 3]
        await #expect(throws: RecordingError.self) { try await f.store.store(Self.upload("c1"), audio: other, nowMs: Self.t0) }
        #expect(try await f.store.recording(CallID("c1")) == first)
        let path = try #require(try await f.store.audioPath(CallID("c1")))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == Self.wav)
        #expect(f.files() == ["north-bay/2026/01/c1.wav"])
    }

    @Test func search_filtersByCallerAgentAndTime_newestFirst() async throws {
        let f = try Fixture()
        let hour: Int64 = 3_600_000
        _ = try await f.store.store(Self.upload("c1", agent: "a1", startedAtMs: Self.t0), audio: Self.wav, nowMs: Self.t0)
        _ = try await f.store.store(Self.upload("c2", agent: "a2", startedAtMs: Self.t0 + hour), audio: Self.wav, nowMs: Self.t0)
        _ = try await f.store.store(Self.upload("c3", caller: "+861012345678", agent: nil, startedAtMs: Self.t0 + 2 * hour),
                                    audio: Self.wav, nowMs: Self.t0)
        func ids(_ q: RecordingQuery) async throws -> [String] { try await f.store.search(q).map(\.callID.rawValue) }
        #expect(try await ids(RecordingQuery()) == ["c3", "c2", "c1"])
        #expect(try await ids(RecordingQuery(caller: "+8613812345678")) == ["c2", "c1"])
        #expect(try await ids(RecordingQuery(agent: AgentID("a1"))) == ["c1"])
        #expect(try await ids(RecordingQuery(fromMs: Self.t0 + hour, toMs: Self.t0 + 2 * hour)) == ["c2"])
        #expect(try await ids(RecordingQuery(limit: 1)) == ["c3"])
    }

    @Test(arguments: DatabaseKind.allCases)
    func retention_deletesOldFilesAndRowsOnly(_ kind: DatabaseKind) async throws {
        let f = try Fixture(kind)
        let day: Int64 = 86_400_000
        _ = try await f.store.store(Self.upload("old", startedAtMs: Self.t0), audio: Self.wav, nowMs: Self.t0)
        _ = try await f.store.store(Self.upload("new", startedAtMs: Self.t0 + 40 * day), audio: Self.wav, nowMs: Self.t0)
        let now = Self.t0 + 45 * day
        #expect(try await f.store.purge(olderThanDays: 30, nowMs: now) == 1)
        #expect(try await f.store.search(RecordingQuery()).map(\.callID) == [CallID("new")])
        #expect(f.files() == ["north-bay/2026/02/new.wav"])
        #expect(try await f.store.purge(olderThanDays: 30, nowMs: now) == 0)
        await #expect(throws: RecordingError.self) { try await f.store.purge(olderThanDays: 0, nowMs: now) }
    }
}
