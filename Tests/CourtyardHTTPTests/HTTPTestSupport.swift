import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// An API over in-memory stores, plus handles to check what was (not) written.
struct APIHarness {
    let store = InMemoryTicketStore()
    let directory = InMemoryDirectoryStore()
    let wall = ManualWallClock(nowMs: 1_772_323_200_000)
    let services: APIServices

    init() {
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: wall, random: SeededRandom(seed: 7),
                                  logger: Logger(label: "http-test"))
        let site = ReplicaID("north-bay")
        services = APIServices(
            tickets: TicketService(configuration: .init(site: site, siteCode: "NB"), store: store,
                                   directory: directory, environment: env),
            directory: DirectoryService(site: site, store: directory, tickets: store, environment: env),
            metrics: CourtyardMetrics.bootstrap(), auth: .disabled)
    }

    var app: some ApplicationProtocol {
        Application(router: buildRouter(services: services), configuration: .init(), logger: Logger(label: "http-test"))
    }

    func eventCount() async throws -> Int { try await store.eventCount() }
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// Parses a response body as a JSON object.
func object(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(buffer: response.body)
    guard let dict = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw CocoaError(.coderReadCorrupt)
    }
    return dict
}

/// The `error` object of an error response.
func errorBody(_ response: TestResponse) throws -> [String: Any] {
    try object(response)["error"] as? [String: Any] ?? [:]
}

extension TestClientProtocol {
    /// Posts JSON and returns the parsed body of a 201.
    func createTicket(_ body: String = #"{"category":"repair","title":"厨房水龙头漏水","description":"一直滴水","residentID":"r1","buildingID":"B3"}"#) async throws -> [String: Any] {
        try await execute(uri: "/api/v1/tickets", method: .post, headers: jsonHeaders, body: json(body)) { r in
            guard r.status == .created else { throw CocoaError(.coderInvalidValue) }
            return try object(r)
        }
    }

    func postEvent(_ id: String, _ body: String, actor: String = "wang") async throws -> TestResponse {
        var headers = jsonHeaders
        headers[HTTPField.Name("X-Courtyard-Actor")!] = actor
        return try await execute(uri: "/api/v1/tickets/\(id)/events", method: .post, headers: headers, body: json(body))
    }
}
