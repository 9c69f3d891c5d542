import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import CourtyardTransport

/// The connection handler closes a connection on any bad input, with a counted reason,
/// instead of crashing or passing anything on.
@Suite struct PeerConnectionHandlerTests {
    let hq = PeerIdentity(site: ReplicaID("hq"), endpoint: Endpoint(host: "127.0.0.1", port: 7400), incarnation: 1)
    let north = PeerIdentity(site: ReplicaID("north-bay"), endpoint: Endpoint(host: "127.0.0.1", port: 7401), incarnation: 2)

    func makeChannel(_ statistics: TransportStatistics) throws -> (EmbeddedChannel, EventLoopFuture<PeerIdentity>) {
        let channel = EmbeddedChannel()
        let promise = channel.eventLoop.makePromise(of: PeerIdentity.self)
        let handler = PeerConnectionHandler(
            machine: HandshakeStateMachine(clusterName: "c", local: hq, role: .acceptor), established: promise,
            handshakeTimeout: .seconds(5), statistics: statistics, logger: Logger(label: "test"), deliver: { _ in })
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder(manifest: testManifest)),
            MessageToByteHandler(FrameEncoder()),
            handler,
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7401)).wait()
        return (channel, promise.futureResult)
    }

    @Test func garbageBytes_closeTheConnectionWithBadFrameReason() throws {
        let statistics = TransportStatistics()
        let (channel, established) = try makeChannel(statistics)
        _ = try? channel.writeInbound(ByteBuffer(string: "\u{0}\u{1}garbage"))
        #expect(!channel.isActive)
        #expect(statistics.snapshot.refused[.badFrame] == 1)
        #expect(throws: HandshakeRefusal.self) { try established.wait() }
        _ = try? channel.finish()
    }

    @Test func helloWithoutACertificateSite_isRefused() throws {
        let statistics = TransportStatistics()
        let (channel, established) = try makeChannel(statistics)
        let hello = Hello(clusterName: "c", origin: north, target: hq.endpoint)
        try channel.writeInbound(ByteBuffer(bytes: FrameParser.encode(
            lane: 0, envelope: Envelope(type: hello.message().type, payload: hello.message().payload))))
        #expect(!channel.isActive)
        #expect(statistics.snapshot.refused[.noCertificateSite] == 1)
        #expect(throws: HandshakeRefusal.self) { try established.wait() }
        _ = try? channel.finish()
    }
}
