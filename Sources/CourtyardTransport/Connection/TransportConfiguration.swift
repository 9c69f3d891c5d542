import CourtyardCRDT
import CourtyardMembership

extension NIOClusterTransport {
    /// Everything that shapes one node's transport. Every queue and frame is bounded here.
    public struct Configuration: Sendable {
        /// Peers must present the same cluster name in the handshake.
        public var clusterName: String
        /// This node's site; must match the site in its certificate.
        public var site: ReplicaID
        /// The address to listen on; port 0 lets the OS choose (tests).
        public var bindHost: String
        public var bindPort: Int
        /// The host peers dial to reach us (defaults to `bindHost`); the port is the bound one.
        public var advertisedHost: String?
        /// Message types accepted from peers.
        public var manifest: TypeManifest
        public var frameBytesMax: Int = FrameHeader.frameBytesMaxDefault
        /// Per-peer outgoing queue bounds; a full lane yields `.backpressure`.
        public var controlQueueMax: Int = 1024
        public var bulkQueueMax: Int = 256
        /// Frames written per flush (control frames first in every batch).
        public var writeBatchMax: Int = 32
        /// Messages buffered for the `inbound` consumer; beyond this they are dropped and counted.
        public var inboundBufferMax: Int = 8192
        /// Distinct peers with queues at once.
        public var peersMax: Int = 512
        public var handshakeTimeout: Duration = .seconds(5)
        public var connectTimeout: Duration = .seconds(3)
        public var reconnect = ReconnectBackoff()

        public init(clusterName: String, site: ReplicaID, bindHost: String, bindPort: Int,
                    advertisedHost: String? = nil, manifest: TypeManifest) {
            self.clusterName = clusterName
            self.site = site
            self.bindHost = bindHost
            self.bindPort = bindPort
            self.advertisedHost = advertisedHost
            self.manifest = manifest
        }
    }
}

extension Duration {
    /// Whole milliseconds (truncated).
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
