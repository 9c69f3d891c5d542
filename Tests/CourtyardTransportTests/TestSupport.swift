import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Foundation
import Logging
import Synchronization
@testable import CourtyardTransport

// MARK: Certificates

/// A fresh cluster CA with certificates for `sites`, in a temporary directory.
struct TestPKI {
    let directory: String

    init(sites: [String], cluster: String = "test-cluster") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("courtyard-pki-\(UUID().uuidString)").path
        let ca = try CertificateAuthority.create(directory: directory, clusterName: cluster)
        for site in sites { try ca.issue(site: ReplicaID(site), directory: directory) }
    }

    func tls(_ site: String) throws -> TransportTLS { try TransportTLS(directory: directory, site: ReplicaID(site)) }

    /// Trusts this CA but presents `site`'s certificate from `other` (another CA).
    func tls(_ site: String, presentingFrom other: TestPKI) throws -> TransportTLS {
        try TransportTLS(caCertificatePath: "\(directory)/ca.pem", certificatePath: "\(other.directory)/\(site).pem",
                         privateKeyPath: "\(other.directory)/\(site)-key.pem")
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

// MARK: Transports

let testManifest = TypeManifest(["test.ping", "test.delta", "test.reply"])

func testEnvironment(seed: UInt64) -> NodeEnvironment {
    var logger = Logger(label: "courtyard.transport.test")
    logger.logLevel = .warning
    return NodeEnvironment(clock: ContinuousClock(), wallClock: ManualWallClock(nowMs: 0),
                           random: SeededRandom(seed: seed), logger: logger)
}

func startTransport(
    _ site: String, tls: TransportTLS, cluster: String = "test-cluster", port: Int = 0, seed: UInt64 = 1,
    tune: (inout NIOClusterTransport.Configuration) -> Void = { _ in }
) async throws -> NIOClusterTransport {
    var configuration = NIOClusterTransport.Configuration(
        clusterName: cluster, site: ReplicaID(site), bindHost: "127.0.0.1", bindPort: port, manifest: testManifest)
    configuration.reconnect = ReconnectBackoff(base: .milliseconds(20), max: .milliseconds(200), attemptsMax: 100)
    configuration.handshakeTimeout = .seconds(5)
    tune(&configuration)
    return try await NIOClusterTransport.start(configuration: configuration, tls: tls,
                                               environment: testEnvironment(seed: seed))
}

// MARK: Waiting

/// Collects a transport's inbound messages in the background.
final class Inbox: Sendable {
    private let messages = Mutex<[InboundMessage]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ transport: NIOClusterTransport) {
        let consumer = Task { [weak self] in
            for await m in transport.inbound { self?.messages.withLock { $0.append(m) } }
        }
        task.withLock { $0 = consumer }
    }

    var all: [InboundMessage] { messages.withLock { $0 } }
    func of(type: String) -> [InboundMessage] { all.filter { $0.message.type == type } }
    func cancel() { task.withLock { $0?.cancel() } }
}

/// Waits until `condition` holds or the deadline passes; returns whether it held. Polls
/// every few milliseconds (a deadline-bounded wait on a condition, not a fixed sleep).
func eventually(within timeout: Duration = .seconds(15),
                _ condition: () async -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if await condition() { return true }
        try? await clock.sleep(for: .milliseconds(5))
    }
    return await condition()
}

func ping(_ text: String, type: String = "test.ping") -> WireMessage {
    WireMessage(type: type, payload: Array(text.utf8))
}

extension InboundMessage {
    var text: String { String(decoding: message.payload, as: UTF8.self) }
}
