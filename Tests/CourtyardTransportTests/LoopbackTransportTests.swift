import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Testing
@testable import CourtyardTransport

/// Real TCP + mutual TLS 1.3 on 127.0.0.1 with certificates generated at run time and
/// ports chosen by the OS.
@Suite(.serialized) struct LoopbackTransportTests {
    @Test func twoNodes_exchangeMessagesOnBothLanes_withAuthenticatedIdentities() async throws {
        let pki = try TestPKI(sites: ["hq", "north-bay"])
        defer { pki.remove() }
        let a = try await startTransport("hq", tls: pki.tls("hq"), seed: 1)
        let b = try await startTransport("north-bay", tls: pki.tls("north-bay"), seed: 2)
        let inboxA = Inbox(a), inboxB = Inbox(b)

        try await a.send(ping("报修 control"), to: b.identity.endpoint, lane: .control)
        try await a.send(ping("delta bulk", type: "test.delta"), to: b.identity.endpoint, lane: .bulk)
        #expect(await eventually { inboxB.all.count == 2 })
        let received = inboxB.all
        #expect(Set(received.map(\.lane)) == [.control, .bulk])
        #expect(received.allSatisfy { $0.from == a.identity })
        #expect(received.first { $0.lane == .control }?.text == "报修 control")

        try await b.send(ping("reply", type: "test.reply"), to: a.identity.endpoint, lane: .control)
        #expect(await eventually { inboxA.of(type: "test.reply").count == 1 })
        #expect(inboxA.all.first?.from == b.identity)
        #expect(a.statistics.snapshot.framesOut[.bulk] == 1)

        await a.shutdown(); await b.shutdown()
        inboxA.cancel(); inboxB.cancel()
    }

    @Test func peerWithCertificateFromAnotherCA_isRefused_andNodeKeepsWorking() async throws {
        let pki = try TestPKI(sites: ["hq", "north-bay"])
        let rogue = try TestPKI(sites: ["intruder"], cluster: "rogue")
        defer { pki.remove(); rogue.remove() }
        let a = try await startTransport("hq", tls: pki.tls("hq"), seed: 1)
        let b = try await startTransport("north-bay", tls: pki.tls("north-bay"), seed: 2)
        let c = try await startTransport("intruder", tls: pki.tls("intruder", presentingFrom: rogue), seed: 3)
        let inboxA = Inbox(a)

        try await c.send(ping("let me in"), to: a.identity.endpoint, lane: .control)
        #expect(await eventually { (a.statistics.snapshot.refused[.tls] ?? 0) >= 1 })
        try await b.send(ping("still here"), to: a.identity.endpoint, lane: .control)
        #expect(await eventually { inboxA.all.count == 1 })
        #expect(inboxA.all.allSatisfy { $0.from.site == ReplicaID("north-bay") })
        #expect(await a.connectedPeers().map(\.site) == [ReplicaID("north-bay")])

        await c.shutdown(); await a.shutdown(); await b.shutdown()
        inboxA.cancel()
    }

    @Test func peerClaimingAnotherCluster_isRefused() async throws {
        let pki = try TestPKI(sites: ["hq", "north-bay"])
        defer { pki.remove() }
        let a = try await startTransport("hq", tls: pki.tls("hq"), seed: 1)
        let c = try await startTransport("north-bay", tls: pki.tls("north-bay"), cluster: "another-company", seed: 2)
        let inboxA = Inbox(a)

        try await c.send(ping("hello?"), to: a.identity.endpoint, lane: .control)
        #expect(await eventually { (a.statistics.snapshot.refused[.wrongCluster] ?? 0) >= 1 })
        #expect(inboxA.all.isEmpty)
        #expect(await a.connectedPeers().isEmpty)

        await c.shutdown(); await a.shutdown()
        inboxA.cancel()
    }

    @Test func fullBulkQueue_yieldsBackpressure_whileControlStillFlowsFirst() async throws {
        let pki = try TestPKI(sites: ["hq", "north-bay"])
        defer { pki.remove() }
        // Reserve a port for B, then stop B so A's messages queue up while it dials.
        let firstB = try await startTransport("north-bay", tls: pki.tls("north-bay"), seed: 2)
        let endpointB = firstB.identity.endpoint
        await firstB.shutdown()
        let a = try await startTransport("hq", tls: pki.tls("hq"), seed: 1) { $0.bulkQueueMax = 3 }

        for i in 0..<3 { try await a.send(ping("bulk \(i)", type: "test.delta"), to: endpointB, lane: .bulk) }
        await #expect(throws: TransportError(.backpressure, "the bulk queue to \(endpointB) is full (3)")) {
            try await a.send(ping("bulk 3", type: "test.delta"), to: endpointB, lane: .bulk)
        }
        try await a.send(ping("control"), to: endpointB, lane: .control)
        #expect(a.statistics.snapshot.dropped["backpressure"] == 1)

        let b = try await startTransport("north-bay", tls: pki.tls("north-bay"), port: Int(endpointB.port), seed: 3)
        let inboxB = Inbox(b)
        #expect(await eventually { inboxB.all.count == 4 })
        #expect(inboxB.all.map(\.text) == ["control", "bulk 0", "bulk 1", "bulk 2"])

        await a.shutdown(); await b.shutdown()
        inboxB.cancel()
    }

    @Test func peerRestart_isReconnected_withItsNewIncarnation() async throws {
        let pki = try TestPKI(sites: ["hq", "north-bay"])
        defer { pki.remove() }
        let a = try await startTransport("hq", tls: pki.tls("hq"), seed: 1)
        let b = try await startTransport("north-bay", tls: pki.tls("north-bay"), seed: 2)
        let inboxB = Inbox(b)
        try await a.send(ping("before"), to: b.identity.endpoint, lane: .control)
        #expect(await eventually { inboxB.all.count == 1 })
        await b.shutdown()
        inboxB.cancel()

        let restarted = try await startTransport("north-bay", tls: pki.tls("north-bay"),
                                                 port: Int(b.identity.endpoint.port), seed: 99)
        #expect(restarted.identity.incarnation != b.identity.incarnation)
        let inboxR = Inbox(restarted), inboxA = Inbox(a)
        // Sends racing the old connection's close may be lost (best effort): keep sending.
        #expect(await eventually {
            try? await a.send(ping("after"), to: b.identity.endpoint, lane: .control)
            return !inboxR.all.isEmpty
        })
        #expect(inboxR.all.first?.from == a.identity)
        try await restarted.send(ping("back", type: "test.reply"), to: a.identity.endpoint, lane: .control)
        #expect(await eventually { !inboxA.of(type: "test.reply").isEmpty })
        #expect(inboxA.of(type: "test.reply").first?.from.incarnation == restarted.identity.incarnation)

        await a.shutdown(); await restarted.shutdown()
        inboxR.cancel(); inboxA.cancel()
    }

    @Test func simultaneousDials_settleOnOneConnection_dialledByTheSmallerNode() async throws {
        let pki = try TestPKI(sites: ["hq", "north-bay"])
        defer { pki.remove() }
        let a = try await startTransport("hq", tls: pki.tls("hq"), seed: 1)
        let b = try await startTransport("north-bay", tls: pki.tls("north-bay"), seed: 2)
        let inboxA = Inbox(a), inboxB = Inbox(b)
        async let sentA: Void = a.send(ping("from hq"), to: b.identity.endpoint, lane: .control)
        async let sentB: Void = b.send(ping("from north"), to: a.identity.endpoint, lane: .control)
        _ = try await (sentA, sentB)
        // Sending is best effort: a message written to the connection the tie-break closes
        // may be lost (membership and replication retransmit), so keep sending until each
        // side has heard the other.
        #expect(await eventually {
            if inboxB.all.isEmpty { try? await a.send(ping("from hq"), to: b.identity.endpoint, lane: .control) }
            if inboxA.all.isEmpty { try? await b.send(ping("from north"), to: a.identity.endpoint, lane: .control) }
            return !inboxA.all.isEmpty && !inboxB.all.isEmpty
        })
        // hq < north-bay: both sides end with the connection hq dialled.
        #expect(await eventually {
            let fromA = await a.connectionDirection(to: b.identity.endpoint)
            let fromB = await b.connectionDirection(to: a.identity.endpoint)
            return fromA == .outbound && fromB == .inbound
        })
        try await a.send(ping("again"), to: b.identity.endpoint, lane: .control)
        try await b.send(ping("again"), to: a.identity.endpoint, lane: .control)
        #expect(await eventually { inboxA.all.contains { $0.text == "again" } && inboxB.all.contains { $0.text == "again" } })

        await a.shutdown(); await b.shutdown()
        inboxA.cancel(); inboxB.cancel()
    }
}
