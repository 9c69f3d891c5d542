import CourtyardRuntime
import Logging
import NIOCore
import NIOSSL

/// Builds the pipeline of one peer connection, dialled or accepted:
///
///     TLS (client or server) → frame decoder → frame encoder → PeerConnectionHandler
///
/// and returns the future of the peer's authenticated identity.
struct ConnectionPipeline: Sendable {
    let configuration: NIOClusterTransport.Configuration
    let tls: TransportTLS
    let statistics: TransportStatistics
    let logger: Logger
    let deliver: @Sendable (InboundMessage) -> Void

    func configure(_ channel: any Channel, local: PeerIdentity,
                   role: HandshakeStateMachine.Role) -> EventLoopFuture<EventLoopFuture<PeerIdentity>> {
        channel.eventLoop.makeCompletedFuture {
            let sync = channel.pipeline.syncOperations
            switch role {
            case .dialer:
                // No SNI and no host name check: peers are often IPs; the handshake checks the site.
                try sync.addHandler(NIOSSLClientHandler(context: tls.clientContext, serverHostname: nil))
            case .acceptor:
                try sync.addHandler(NIOSSLServerHandler(context: tls.serverContext))
            }
            try sync.addHandler(ByteToMessageHandler(
                FrameDecoder(manifest: configuration.manifest, frameBytesMax: configuration.frameBytesMax)))
            try sync.addHandler(MessageToByteHandler(FrameEncoder(frameBytesMax: configuration.frameBytesMax)))
            let promise = channel.eventLoop.makePromise(of: PeerIdentity.self)
            var connectionLogger = logger
            connectionLogger[metadataKey: "role"] = "\(role)"
            try sync.addHandler(PeerConnectionHandler(
                machine: HandshakeStateMachine(clusterName: configuration.clusterName, local: local, role: role),
                established: promise,
                handshakeTimeout: .milliseconds(configuration.handshakeTimeout.wholeMilliseconds),
                statistics: statistics, logger: connectionLogger, deliver: deliver))
            return promise.futureResult
        }
    }
}
