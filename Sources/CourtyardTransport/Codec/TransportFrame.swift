import CourtyardRuntime

/// One frame as the channel pipeline sees it after decoding: the lane it travelled on and
/// the message. The handshake is a frame like any other, with `TypeManifest.handshakeType`.
public struct TransportFrame: Sendable, Hashable {
    public var lane: TransportLane
    public var message: WireMessage

    public init(lane: TransportLane, message: WireMessage) {
        self.lane = lane
        self.message = message
    }
}
