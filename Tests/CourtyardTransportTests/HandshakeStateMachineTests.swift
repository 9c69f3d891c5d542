import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Testing
@testable import CourtyardTransport

@Suite struct HandshakeStateMachineTests {
    let hq = PeerIdentity(site: ReplicaID("hq"), endpoint: Endpoint(host: "10.0.0.1", port: 7400), incarnation: 11)
    let north = PeerIdentity(site: ReplicaID("north-bay"), endpoint: Endpoint(host: "10.0.0.2", port: 7400), incarnation: 22)

    func acceptor(_ cluster: String = "courtyard") -> HandshakeStateMachine {
        var m = HandshakeStateMachine(clusterName: cluster, local: hq, role: .acceptor)
        #expect(m.secureChannelReady() == .none)
        return m
    }

    func refusalKind(_ action: HandshakeStateMachine.Action) -> HandshakeRefusal.Kind? {
        if case .refuse(let r) = action { return r.kind }
        return nil
    }

    // MARK: Success

    @Test func dialerAndAcceptor_authenticateEachOther() {
        var dialer = HandshakeStateMachine(clusterName: "courtyard", local: north, role: .dialer(target: hq.endpoint))
        var acceptor = acceptor()
        guard case .sendHello(let opening) = dialer.secureChannelReady() else { Issue.record("no hello"); return }
        let answer = acceptor.received(opening.message(), certificateSite: north.site)
        guard case .established(let peer, let reply?) = answer else { Issue.record("not established: \(answer)"); return }
        #expect(peer == north)
        #expect(reply.targetEndpoint == north.endpoint)
        #expect(dialer.received(reply.message(), certificateSite: hq.site) == .established(hq, reply: nil))
        // After the handshake, messages are delivered.
        let ping = WireMessage(type: "test.ping", payload: [1])
        #expect(dialer.received(ping, certificateSite: hq.site) == .deliver(ping))
    }

    // MARK: Refusals

    @Test func helloFromAnotherCluster_isRefused() {
        var m = acceptor("courtyard")
        let hello = Hello(clusterName: "other-company", origin: north, target: hq.endpoint)
        #expect(refusalKind(m.received(hello.message(), certificateSite: north.site)) == .wrongCluster)
        // Refused connections ignore whatever follows.
        #expect(m.received(WireMessage(type: "test.ping", payload: []), certificateSite: north.site) == .none)
    }

    @Test func helloForAnotherTarget_isRefused() {
        var m = acceptor()
        let hello = Hello(clusterName: "courtyard", origin: north, target: Endpoint(host: "10.0.0.9", port: 7400))
        #expect(refusalKind(m.received(hello.message(), certificateSite: north.site)) == .wrongTarget)
    }

    @Test func certificateForAnotherSite_isRefused() {
        var m = acceptor()
        let hello = Hello(clusterName: "courtyard", origin: north, target: hq.endpoint)
        #expect(refusalKind(m.received(hello.message(), certificateSite: ReplicaID("south"))) == .siteMismatch)
    }

    @Test func certificateWithoutSite_isRefused() {
        var m = acceptor()
        let hello = Hello(clusterName: "courtyard", origin: north, target: hq.endpoint)
        #expect(refusalKind(m.received(hello.message(), certificateSite: nil)) == .noCertificateSite)
    }

    @Test func dialerReachingAnotherNode_isRefused() {
        var dialer = HandshakeStateMachine(clusterName: "courtyard", local: north,
                                           role: .dialer(target: Endpoint(host: "10.0.0.3", port: 7400)))
        _ = dialer.secureChannelReady()
        let reply = Hello(clusterName: "courtyard", origin: hq, target: north.endpoint)
        #expect(refusalKind(dialer.received(reply.message(), certificateSite: hq.site)) == .unexpectedPeer)
    }

    @Test func messageBeforeHello_isAProtocolViolation() {
        var m = acceptor()
        let action = m.received(WireMessage(type: "test.ping", payload: []), certificateSite: north.site)
        #expect(refusalKind(action) == .protocolViolation)
    }

    @Test func garbledHello_isMalformed() {
        var m = acceptor()
        let action = m.received(WireMessage(type: TypeManifest.handshakeType, payload: Array("{not json".utf8)),
                                certificateSite: north.site)
        #expect(refusalKind(action) == .malformedHello)
    }

    @Test func secondHelloAfterEstablished_isRefused() {
        var m = acceptor()
        let hello = Hello(clusterName: "courtyard", origin: north, target: hq.endpoint)
        _ = m.received(hello.message(), certificateSite: north.site)
        #expect(refusalKind(m.received(hello.message(), certificateSite: north.site)) == .protocolViolation)
    }

    // MARK: Simultaneous dial

    @Test func simultaneousDial_bothSidesKeepTheConnectionDialledByTheSmallerNode() {
        // hq < north-bay: hq keeps its outbound connection, north-bay keeps its inbound one —
        // the same TCP connection.
        #expect(SimultaneousDial.survivor(local: hq, remote: north) == .outbound)
        #expect(SimultaneousDial.survivor(local: north, remote: hq) == .inbound)
    }

    @Test func simultaneousDial_sameSite_ordersByEndpoint() {
        let a = PeerIdentity(site: ReplicaID("hq"), endpoint: Endpoint(host: "10.0.0.1", port: 7401), incarnation: 1)
        let b = PeerIdentity(site: ReplicaID("hq"), endpoint: Endpoint(host: "10.0.0.1", port: 7402), incarnation: 2)
        #expect(SimultaneousDial.survivor(local: a, remote: b) == .outbound)
        #expect(SimultaneousDial.survivor(local: b, remote: a) == .inbound)
    }
}
