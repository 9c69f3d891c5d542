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

/// An API with authentication enforced over an in-memory database, a manual wall clock and a
/// seeded random source; one account per role (password `password-<role>`), bcrypt cost 4.
struct AuthHarness {
    let store = InMemoryTicketStore()
    let directory = InMemoryDirectoryStore()
    let wall = ManualWallClock(nowMs: 1_772_323_200_000)
    let database: AppDatabase
    let auth: AuthServices
    let services: APIServices

    static let accounts: [(String, Role, String)] = [
        ("admin", .admin, "*"), ("cs-chen", .agent, "north-bay"), ("tech-zhang", .technician, "north-bay"),
        ("tech-li", .technician, "north-bay"), ("supervisor", .siteSupervisor, "north-bay"), ("analyst", .hqAnalyst, "*"),
    ]

    static func password(_ name: String) -> String { "password-\(name)" }

    init(throttle: LoginThrottle.Settings = .init(failuresFree: 3, lockoutBaseMs: 30_000),
         lifetime: SessionLifetime = SessionLifetime(idleMs: 3_600_000, absoluteMs: 8 * 3_600_000, touchEveryMs: 60_000))
        async throws {
        database = try AppDatabase.inMemory()
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: wall, random: SeededRandom(seed: 11),
                                  logger: Logger(label: "auth-test"))
        auth = AuthServices(store: database.accountStore, hasher: BcryptPasswordHasher(cost: 4), wallClock: wall,
                            random: SeededRandom(seed: 99), lifetime: lifetime, throttle: throttle)
        let site = ReplicaID("north-bay")
        var services = APIServices(
            tickets: TicketService(configuration: .init(site: site, siteCode: "NB"), store: store, directory: directory,
                                   environment: env),
            directory: DirectoryService(site: site, store: directory, tickets: store, environment: env),
            auth: .enforced(auth))
        services.cluster = ClusterHandle()
        services.reporting = CallReportingServices(
            ledger: database.callLedgerStore,
            recordings: GRDBRecordingStore(database: database, dataDirectory: FileManager.default.temporaryDirectory
                .appendingPathComponent("courtyard-auth-rec-\(ProcessInfo.processInfo.globallyUniqueString)")),
            wallClock: wall)
        self.services = services
        for (name, role, scope) in Self.accounts {
            _ = try await auth.accounts.create(.init(username: name, role: role.rawValue, site: scope, password: Self.password(name)))
        }
    }

    var app: some ApplicationProtocol {
        Application(router: buildRouter(services: services), configuration: .init(), logger: Logger(label: "auth-test"))
    }

    func auditRows() async throws -> [AuditEntry] { try await database.accountStore.audit(AuditQuery(limit: 1000)) }
}

extension TestClientProtocol {
    /// Signs in and returns the session token from `Set-Cookie`.
    func login(_ name: String, password: String? = nil) async throws -> String {
        let r = try await loginResponse(name, password: password ?? AuthHarness.password(name))
        guard r.status == .ok, let cookie = r.headers[.setCookie],
              let value = cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last else {
            throw CocoaError(.coderInvalidValue)
        }
        return String(value)
    }

    func loginResponse(_ name: String, password: String) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["username": name, "password": password])
        return try await execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                 body: ByteBuffer(bytes: body))
    }

    /// A request with the session cookie (or, with `bearer`, the Authorization header).
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil, bearer: Bool = false,
              extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = jsonHeaders
        if let token {
            if bearer { headers[.authorization] = "Bearer \(token)" } else { headers[.cookie] = "courtyard_session=\(token)" }
        }
        for field in extra { headers.append(field) }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}
