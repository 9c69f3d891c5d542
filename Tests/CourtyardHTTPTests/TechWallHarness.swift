import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// `AuthHarness` (roles, sessions) plus a call center, photo attachments and the IVR
/// editor, all over the harness's in-memory database.
struct TechWallHarness {
    let base: AuthHarness
    let center: CallCenter
    let services: APIServices

    init() async throws {
        base = try await AuthHarness()
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: base.wall, random: SeededRandom(seed: 5),
                                  logger: Logger(label: "techwall-test"))
        center = Self.makeCenter(base, env: env)
        var s = base.services
        s.callCenter = center
        s.attachments = AttachmentServices(store: base.database.attachmentStore, wallClock: base.wall)
        s.ivr = IVREditor(center: center, store: base.database.nodeSettingsStore, wallClock: base.wall)
        services = s
    }

    static func makeCenter(_ base: AuthHarness, env: NodeEnvironment) -> CallCenter {
        CallCenter(configuration: .demo(site: ReplicaID("north-bay")),
                   services: CallCenterServices(tickets: base.services.tickets, directory: base.directory), environment: env)
    }

    var app: some ApplicationProtocol {
        Application(router: buildRouter(services: services), configuration: .init(), logger: Logger(label: "techwall-test"))
    }

    var attachments: GRDBAttachmentStore { base.database.attachmentStore }
    var settings: GRDBNodeSettingsStore { base.database.nodeSettingsStore }
}

// MARK: - Sample images

enum SampleImage {
    /// A JPEG's first bytes (SOI, APP0 "JFIF") and some payload.
    static func jpeg(_ fill: UInt8 = 7, count: Int = 64) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [UInt8](repeating: fill, count: count)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 1, count: 32)
}

extension TestClientProtocol {
    /// Uploads bytes as a photo of a ticket with the session cookie.
    func upload(_ ticket: String, _ bytes: [UInt8], contentType: String?, token: String,
                extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.cookie: "courtyard_session=\(token)"]
        if let contentType { headers[.contentType] = contentType }
        for field in extra { headers.append(field) }
        return try await execute(uri: "/api/v1/tickets/\(ticket)/attachments", method: .post, headers: headers,
                                 body: ByteBuffer(bytes: bytes))
    }

    /// Creates a ticket as `agent` and assigns it to `technician`; returns its id.
    func assignedTicket(agent: String, to technician: String) async throws -> String {
        let created = try object(try await call(.post, "/api/v1/tickets", token: agent,
                                                body: #"{"category":"repair","title":"卫生间漏水","residentID":"r1","buildingID":"B3"}"#))
        guard let id = created["id"] as? String else { throw CocoaError(.coderValueNotFound) }
        let assign = #"{"type":"assigned","assignee":"\#(technician)","department":"工程部"}"#
        guard try await call(.post, "/api/v1/tickets/\(id)/events", token: agent, body: assign).status == .created else {
            throw CocoaError(.coderInvalidValue)
        }
        return id
    }
}
