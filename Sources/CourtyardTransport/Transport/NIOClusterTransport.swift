import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Logging
import NIOCore
import NIOPosix

/// The production `MessageTransport`: SwiftNIO TCP with mutual TLS 1.3 against the
/// cluster CA, the `CYRD` frame format, and a handshake that authenticates each peer's
/// site, cluster and target (DESIGN §2 "Transport").
///
/// One connection per peer (simultaneous dials resolved by node order), dialled on
/// demand and redialled with exponential backoff and jitter (from the environment's
/// random source, timed by its clock). Two bounded queues per peer, control drained
/// before bulk; a full queue throws `.backpressure`. Inbound messages from authenticated
/// peers arrive on `inbound`.
public actor NIOClusterTransport: MessageTransport {
    public nonisolated let identity: PeerIdentity
    public nonisolated let inbound: AsyncStream<InboundMessage>
    /// Counters mirrored to swift-metrics; readable for diagnostics and tests.
    public nonisolated let statistics: TransportStatistics

    let configuration: Configuration
    let environment: NodeEnvironment
    let group: any EventLoopGroup
    let pipeline: ConnectionPipeline
    let logger: Logger
    private let continuation: AsyncStream<InboundMessage>.Continuation
    private let serverChannel: any Channel
    private let hooks: AcceptHooks

    var peers: [Endpoint: PeerLink] = [:]
    var isShutdown = false

    // MARK: Start

    /// Binds the listening socket and returns the running transport. The node's
    /// incarnation is drawn from the environment's random source.
    public static func start(
        configuration: Configuration, tls: TransportTLS, environment: NodeEnvironment,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> NIOClusterTransport {
        let statistics = TransportStatistics()
        let (stream, continuation) = AsyncStream.makeStream(
            of: InboundMessage.self, bufferingPolicy: .bufferingOldest(configuration.inboundBufferMax))
        var logger = environment.logger
        logger[metadataKey: "site"] = "\(configuration.site)"
        let deliver: @Sendable (InboundMessage) -> Void = { message in
            if case .dropped = continuation.yield(message) {
                statistics.dropped(message.lane, reason: "inbound_full")
            }
        }
        let pipeline = ConnectionPipeline(configuration: configuration, tls: tls, statistics: statistics,
                                          logger: logger, deliver: deliver)
        let hooks = AcceptHooks()
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard let current = hooks.current else { return channel.close() }
                return pipeline.configure(channel, local: current.local, role: .acceptor).map { established in
                    current.accepted(channel, established)
                }
            }
            .bind(host: configuration.bindHost, port: configuration.bindPort).get()
        guard let port = server.localAddress?.port, port > 0, port <= Int(UInt16.max) else {
            try? await server.close()
            throw TransportError(.unreachable, "could not determine the bound port")
        }
        let host = configuration.advertisedHost ?? configuration.bindHost
        guard Endpoint.isValidHost(host) else {
            try? await server.close()
            throw TransportError(.invalidMessage, "'\(host)' is not a valid advertised host")
        }
        let identity = PeerIdentity(site: configuration.site, endpoint: Endpoint(host: host, port: UInt16(port)),
                                    incarnation: environment.random.next())
        let transport = NIOClusterTransport(
            identity: identity, inbound: stream, continuation: continuation, statistics: statistics,
            configuration: configuration, environment: environment, group: group, pipeline: pipeline,
            logger: logger, serverChannel: server, hooks: hooks)
        hooks.install(AcceptHooks.Hooks(local: identity) { [weak transport] channel, established in
            guard let transport else { channel.close(promise: nil); return }
            Task { await transport.accepted(channel, established: established) }
        })
        logger.info("transport listening", metadata: ["endpoint": "\(identity.endpoint)",
                                                      "incarnation": "\(identity.incarnation)"])
        return transport
    }

    private init(identity: PeerIdentity, inbound: AsyncStream<InboundMessage>,
                 continuation: AsyncStream<InboundMessage>.Continuation, statistics: TransportStatistics,
                 configuration: Configuration, environment: NodeEnvironment, group: any EventLoopGroup,
                 pipeline: ConnectionPipeline, logger: Logger, serverChannel: any Channel, hooks: AcceptHooks) {
        self.identity = identity
        self.inbound = inbound
        self.continuation = continuation
        self.statistics = statistics
        self.configuration = configuration
        self.environment = environment
        self.group = group
        self.pipeline = pipeline
        self.logger = logger
        self.serverChannel = serverChannel
        self.hooks = hooks
    }

    // MARK: Send

    public func send(_ message: WireMessage, to endpoint: Endpoint, lane: TransportLane) async throws(TransportError) {
        guard !isShutdown else { throw TransportError(.closed, "the transport is shut down") }
        guard message.type != TypeManifest.handshakeType, TypeManifest.isValidTypeName(message.type.utf8) else {
            throw TransportError(.invalidMessage, "'\(message.type)' is not a sendable message type")
        }
        let bodyBytes = 1 + message.type.utf8.count + message.payload.count
        guard bodyBytes <= configuration.frameBytesMax else {
            throw TransportError(.invalidMessage, "message of \(bodyBytes) bytes exceeds the frame limit \(configuration.frameBytesMax)")
        }
        guard endpoint != identity.endpoint else {
            throw TransportError(.unreachable, "cannot send to ourselves at \(endpoint)")
        }
        guard peers[endpoint] != nil || peers.count < configuration.peersMax else {
            throw TransportError(.unreachable, "too many peers (\(configuration.peersMax))")
        }
        var link = peers[endpoint] ?? PeerLink(queues: LaneQueues(controlMax: configuration.controlQueueMax,
                                                                  bulkMax: configuration.bulkQueueMax))
        guard link.queues.enqueue(message, lane: lane) else {
            statistics.dropped(lane, reason: "backpressure")
            throw TransportError(.backpressure, "the \(lane) queue to \(endpoint) is full (\(link.queues.count(lane)))")
        }
        peers[endpoint] = link
        if link.channel != nil { startDraining(endpoint) } else { startDialling(endpoint) }
    }

    // MARK: Shutdown

    /// Stops accepting, closes every connection (TLS close_notify), drops what is still
    /// queued (counted as `shutdown`) and finishes `inbound`. Sends afterwards throw `.closed`.
    public func shutdown() async {
        guard !isShutdown else { return }
        isShutdown = true
        hooks.install(nil)
        try? await serverChannel.close()
        for endpoint in peers.keys.sorted() {
            guard var link = peers[endpoint] else { continue }
            let dropped = link.queues.removeAll()
            statistics.dropped(.control, reason: "shutdown", count: dropped.control)
            statistics.dropped(.bulk, reason: "shutdown", count: dropped.bulk)
            let channel = link.channel
            link.channel = nil
            peers[endpoint] = link
            try? await channel?.close()
        }
        continuation.finish()
        logger.info("transport shut down", metadata: ["endpoint": "\(identity.endpoint)"])
    }

    /// The peers with a live, authenticated connection (sorted by endpoint).
    public func connectedPeers() -> [PeerIdentity] {
        peers.keys.sorted().compactMap { peers[$0]?.channel != nil ? peers[$0]?.peer : nil }
    }
}
