import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime

/// The handshake of one connection as a value: the channel handler feeds it events and
/// carries out the returned action. The dialer speaks first; the acceptor checks the
/// dialer's hello and answers with its own; each side then checks what it received:
///
/// - the cluster name equals ours (`wrongCluster`),
/// - the target endpoint is ours (`wrongTarget`),
/// - the TLS certificate's site (SAN URI `urn:courtyard:site:<id>`) equals the claimed
///   origin site (`siteMismatch`, `noCertificateSite`),
/// - a dialer reached the endpoint it dialled (`unexpectedPeer`) and not itself (`selfConnection`).
public struct HandshakeStateMachine: Sendable {
    public enum Role: Sendable, Hashable {
        /// We dialled `target`.
        case dialer(target: Endpoint)
        /// The peer dialled us.
        case acceptor
    }

    public enum Action: Sendable, Hashable {
        /// Write this hello (the dialer's opening frame).
        case sendHello(Hello)
        /// The peer is authenticated; write `reply` first when present (the acceptor's answer).
        case established(PeerIdentity, reply: Hello?)
        /// A message after the handshake: pass it on.
        case deliver(WireMessage)
        /// Close the connection, logging and counting the reason.
        case refuse(HandshakeRefusal)
        /// Nothing to do (input after a refusal).
        case none
    }

    enum State: Sendable, Hashable {
        case idle
        case awaitingHello
        case established(PeerIdentity)
        case refused
    }

    public let clusterName: String
    public let local: PeerIdentity
    public let role: Role
    private(set) var state: State = .idle

    public init(clusterName: String, local: PeerIdentity, role: Role) {
        self.clusterName = clusterName
        self.local = local
        self.role = role
    }

    public var peer: PeerIdentity? {
        if case .established(let peer) = state { return peer }
        return nil
    }

    // MARK: Events

    /// TLS is up: the dialer sends its hello; the acceptor waits for the dialer's.
    public mutating func secureChannelReady() -> Action {
        guard state == .idle else { return .none }
        state = .awaitingHello
        switch role {
        case .dialer(let target): return .sendHello(Hello(clusterName: clusterName, origin: local, target: target))
        case .acceptor: return .none
        }
    }

    /// A frame arrived. `certificateSite` is the site named by the peer's verified certificate.
    public mutating func received(_ message: WireMessage, certificateSite: ReplicaID?) -> Action {
        switch state {
        case .established:
            guard message.type != TypeManifest.handshakeType else {
                return refuse(HandshakeRefusal(.protocolViolation, "second handshake on an established connection"))
            }
            return .deliver(message)
        case .refused:
            return .none
        case .idle:
            return refuse(HandshakeRefusal(.protocolViolation, "frame before the secure channel was ready"))
        case .awaitingHello:
            let hello: Hello
            switch Hello.decode(message) {
            case .failure(let refusal): return refuse(refusal)
            case .success(let decoded): hello = decoded
            }
            if let refusal = check(hello, certificateSite: certificateSite) { return refuse(refusal) }
            state = .established(hello.origin)
            switch role {
            case .dialer: return .established(hello.origin, reply: nil)
            case .acceptor:
                let reply = Hello(clusterName: clusterName, origin: local, target: hello.originEndpoint)
                return .established(hello.origin, reply: reply)
            }
        }
    }

    /// The frame stream broke or TLS failed before or after the handshake.
    public mutating func failed(_ refusal: HandshakeRefusal) -> Action {
        guard state != .refused else { return .none }
        return refuse(refusal)
    }

    // MARK: Checks

    func check(_ hello: Hello, certificateSite: ReplicaID?) -> HandshakeRefusal? {
        guard hello.clusterName == clusterName else {
            return HandshakeRefusal(.wrongCluster, "peer is in cluster '\(hello.clusterName)', we are in '\(clusterName)'")
        }
        guard hello.targetEndpoint == local.endpoint else {
            return HandshakeRefusal(.wrongTarget, "peer meant to reach \(hello.targetEndpoint), we are \(local.endpoint)")
        }
        guard let certificateSite else {
            return HandshakeRefusal(.noCertificateSite, "peer certificate names no site")
        }
        guard certificateSite == hello.originSite else {
            return HandshakeRefusal(.siteMismatch,
                                    "peer claims site '\(hello.originSite)' but its certificate is for '\(certificateSite)'")
        }
        if hello.origin == local {
            return HandshakeRefusal(.selfConnection, "connected to ourselves at \(local.endpoint)")
        }
        if case .dialer(let target) = role, hello.originEndpoint != target {
            return HandshakeRefusal(.unexpectedPeer, "dialled \(target) but \(hello.origin) answered")
        }
        return nil
    }

    private mutating func refuse(_ refusal: HandshakeRefusal) -> Action {
        state = .refused
        return .refuse(refusal)
    }
}
