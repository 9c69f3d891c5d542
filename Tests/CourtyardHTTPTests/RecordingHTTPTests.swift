import CourtyardCallCenter
import CourtyardHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct RecordingHTTPTests {
    static let t0 = ReportingHarness.t0
    static let wav: [UInt8] = Array("RIFF".utf8) + [36, 0, 0, 0] + Array("WAVEfmt ".utf8) + Array(0..<100)
    static let wavHeaders: HTTPFields = [.contentType: "audio/wav"]
    static func putURI(_ call: String = "north-bay:c1", query: String? = nil) -> String {
        "/api/v1/recordings/\(call)?" + (query ?? "site=north-bay&caller=138%201234%205678&agent=a1&startedAtMs=\(t0)&durationMs=60000")
    }

    @Test func upload_thenSearchByAnySpellingOfTheCaller_thenStream() async throws {
        let h = try ReportingHarness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: Self.putURI(), method: .put, headers: Self.wavHeaders,
                                     body: ByteBuffer(bytes: Self.wav)) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                let body = try object(r)
                #expect(body["caller"] as? String == "+8613812345678")
                #expect(body["bytes"] as? Int == Self.wav.count)
            }
            #expect(h.files() == ["north-bay/2026/01/north-bay:c1.wav"])
            try await client.execute(uri: "/api/v1/recordings?caller=%2B86-138-1234-5678&agent=a1&from=\(Self.t0)&to=\(Self.t0 + 1)",
                                     method: .get) { r in
                #expect(r.status == .ok)
                let list = try #require(try object(r)["recordings"] as? [[String: Any]])
                #expect(list.map { $0["callID"] as? String } == ["north-bay:c1"])
            }
            try await client.execute(uri: "/api/v1/recordings?agent=a2", method: .get) { r in
                try #expect((object(r)["recordings"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/recordings/north-bay:c1", method: .get) { r in
                try #expect(object(r)["format"] as? String == "wav")
            }
            try await client.execute(uri: "/api/v1/recordings/north-bay:c1/audio", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "audio/wav")
                #expect(Array(buffer: r.body) == Self.wav)
            }
        }
    }

    @Test(arguments: [
        ("bytes=4-11", "bytes 4-11/116", Array(4...11)),
        ("bytes=110-", "bytes 110-115/116", Array(110...115)),
        ("bytes=-3", "bytes 113-115/116", Array(113...115)),
        ("bytes=100-999", "bytes 100-115/116", Array(100...115)),
    ])
    func rangeRequest_returnsThatSlice(_ range: String, _ contentRange: String, _ indices: [Int]) async throws {
        let h = try ReportingHarness()
        try await h.app.test(.router) { client in
            _ = try await client.execute(uri: Self.putURI(), method: .put, headers: Self.wavHeaders, body: ByteBuffer(bytes: Self.wav))
            try await client.execute(uri: "/api/v1/recordings/north-bay:c1/audio", method: .get,
                                     headers: [.range: range]) { r in
                #expect(r.status == .partialContent)
                #expect(r.headers[.contentRange] == contentRange)
                #expect(Array(buffer: r.body) == indices.map { Self.wav[$0] })
            }
        }
    }

    @Test(arguments: ["bytes=200-", "bytes=5-2", "bytes=0-1,4-5", "items=0-1", "bytes=-0"])
    func unsatisfiableRange_is416(_ range: String) async throws {
        let h = try ReportingHarness()
        try await h.app.test(.router) { client in
            _ = try await client.execute(uri: Self.putURI(), method: .put, headers: Self.wavHeaders, body: ByteBuffer(bytes: Self.wav))
            try await client.execute(uri: "/api/v1/recordings/north-bay:c1/audio", method: .get, headers: [.range: range]) { r in
                #expect(r.status == .rangeNotSatisfiable)
                try #expect((errorBody(r)["message"] as? String)?.contains("116-byte file") == true)
            }
        }
    }

    /// (uri, content type, body, status, message fragment)
    static let badUploads: [(String, String?, [UInt8], Int, String)] = [
        (putURI(), nil, wav, 415, "Content-Type is required"),
        (putURI(), "text/plain", wav, 415, "not a recording format"),
        (putURI(), "audio/mpeg", wav, 415, "not mp3 audio"),
        (putURI(), "audio/wav", Array("hello world!".utf8), 415, "not wav audio"),
        (putURI(), "audio/wav", [], 400, "body is empty"),
        (putURI(), "audio/wav", wav + Array(repeating: 0, count: 4_096), 413, "4096 bytes"),
        (putURI("bad call"), "audio/wav", wav, 400, "invalid call id"),
        (putURI(query: "caller=1&startedAtMs=\(t0)&durationMs=1"), "audio/wav", wav, 400, "'site' is required"),
        (putURI(query: "site=north-bay&durationMs=1"), "audio/wav", wav, 400, "'startedAtMs' is required"),
        (putURI(query: "site=north-bay&startedAtMs=\(t0)"), "audio/wav", wav, 400, "'durationMs' is required"),
        (putURI(query: "site=north-bay&startedAtMs=12&durationMs=1"), "audio/wav", wav, 400, "startedAtMs 12 is outside"),
        (putURI(query: "site=north-bay&startedAtMs=\(t0)&durationMs=-5"), "audio/wav", wav, 400, "durationMs -5 is outside"),
        (putURI(query: "site=north-bay&startedAtMs=\(t0)&durationMs=1&caller=hello"), "audio/wav", wav, 400, "not a phone number"),
        (putURI(query: "site=north-bay&startedAtMs=\(t0)&durationMs=1&agent=a%20b"), "audio/wav", wav, 400, "invalid agent id"),
    ]

    @Test(arguments: 0..<badUploads.count)
    func badUpload_is4xxWithAClearMessage_andWritesNothing(_ index: Int) async throws {
        let (uri, type, body, status, expected) = Self.badUploads[index]
        let h = try ReportingHarness()
        try await h.app.test(.router) { client in
            let headers: HTTPFields = type.map { [.contentType: $0] } ?? [:]
            try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status.code == status, "\(String(buffer: r.body))")
                let message = try errorBody(r)["message"] as? String ?? ""
                #expect(message.contains(expected), "message was: \(message)")
            }
            try await client.execute(uri: "/api/v1/recordings", method: .get) { r in
                try #expect((object(r)["recordings"] as? [Any])?.isEmpty == true)
            }
        }
        #expect(h.files() == [])
    }

    @Test func secondUpload_is409AndKeepsTheFirst() async throws {
        let h = try ReportingHarness()
        try await h.app.test(.router) { client in
            _ = try await client.execute(uri: Self.putURI(), method: .put, headers: Self.wavHeaders, body: ByteBuffer(bytes: Self.wav))
            try await client.execute(uri: Self.putURI(), method: .put, headers: Self.wavHeaders,
                                     body: ByteBuffer(bytes: Self.wav + [9, 9])) { r in
                #expect(r.status == .conflict)
                try #expect((errorBody(r)["message"] as? String)?.contains("already has a recording") == true)
            }
            try await client.execute(uri: "/api/v1/recordings/north-bay:c1/audio", method: .get) { r in
                #expect(Array(buffer: r.body) == Self.wav)
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/recordings?limit=0", 400, "'limit' must be an integer in 1...500"),
        ("/api/v1/recordings?from=10&to=5", 400, "must be before 'to'"),
        ("/api/v1/recordings?agent=%E5%9D%90%E5%B8%AD", 400, "invalid agent id"),
        ("/api/v1/recordings?caller=xyz", 400, "not a phone number"),
        ("/api/v1/recordings/nobody/audio", 404, "no recording on nobody"),
        ("/api/v1/recordings/nobody", 404, "no recording on nobody"),
        ("/api/v1/recordings/-bad/audio", 400, "invalid call id"),
    ])
    func badSearchOrPlayback_is4xx(_ uri: String, _ status: Int, _ expected: String) async throws {
        let h = try ReportingHarness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status.code == status)
                let message = try errorBody(r)["message"] as? String ?? ""
                #expect(message.contains(expected), "message was: \(message)")
            }
        }
    }
}
