import CourtyardCRDT
import CourtyardMembership
@testable import CourtyardRuntime
import Distributed
import Testing

/// Hostile or broken peers: raw transports on the same network send hand-made calls and
/// replies. The system answers with a typed error or drops with a log, and keeps serving.
@Suite struct ActorSystemMalformedTests {
    static let rawIdentity = PeerIdentity(site: ReplicaID("raw"), endpoint: Endpoint(host: "raw", port: 9), incarnation: 7)

    /// A real call to `EchoActor.echo`, captured by a raw peer posing as the callee.
    static func capturedEchoCall(_ c: TestCluster, raw: InMemoryTransport) async throws -> (CallEnvelope, Task<String, any Error>) {
        let proxy = try EchoActor.resolve(id: ClusterActorID(node: raw.identity, path: EchoActor.path), using: c[0].system)
        let task = Task { try await proxy.echo("抓包") }
        var inbound = raw.inbound.makeAsyncIterator()
        let message = try #require(await inbound.next())
        #expect(message.message.type == ActorWireType.call)
        return (try ActorCodec.decode(CallEnvelope.self, from: message.message.payload, system: nil), task)
    }

    static func send<T: Encodable>(_ value: T, type: String = ActorWireType.call, from raw: InMemoryTransport,
                                   to node: TestNode) async throws {
        try await raw.send(WireMessage(type: type, payload: try ActorCodec.encode(value)), to: node.identity.endpoint,
                           lane: .control)
    }

    static func nextReply(_ inbound: inout AsyncStream<InboundMessage>.Iterator) async throws -> ReplyEnvelope {
        let message = try #require(await inbound.next())
        #expect(message.message.type == ActorWireType.reply)
        return try ActorCodec.decode(ReplyEnvelope.self, from: message.message.payload, system: nil)
    }

    static func failureKind(_ reply: ReplyEnvelope) -> RemoteCallError.Kind? {
        if case .failure(let error, _) = reply.outcome { return error.kind }
        return nil
    }

    @Test func malformedCalls_areAnsweredWithTypedErrorsOrDropped_andTheNodeKeepsServing() async throws {
        try await TestCluster.with { c in
            try c[1].makeEcho(clock: c.clock)
            let raw = c.network.makeTransport(identity: Self.rawIdentity)
            let (captured, pendingCall) = try await Self.capturedEchoCall(c, raw: raw)
            pendingCall.cancel()
            var inbound = raw.inbound.makeAsyncIterator()
            let b = c[1]
            var call = captured
            call.recipient = ClusterActorID(node: b.identity, path: EchoActor.path)

            // Garbage and an unknown message type are dropped: the first reply is for call 2.
            try await raw.send(WireMessage(type: ActorWireType.call, payload: Array("not json {".utf8)),
                               to: b.identity.endpoint, lane: .control)
            try await raw.send(WireMessage(type: "actor.bogus", payload: []), to: b.identity.endpoint, lane: .control)
            var wrongType = call
            wrongType.callID = 2
            wrongType.arguments = ["42"]
            try await Self.send(wrongType, from: raw, to: b)
            let reply2 = try await Self.nextReply(&inbound)
            #expect(reply2.callID == 2)
            #expect(Self.failureKind(reply2) == .decoding)

            // Only an id: answered with `.decoding`.
            try await raw.send(WireMessage(type: ActorWireType.call, payload: Array(#"{"callID":3}"#.utf8)),
                               to: b.identity.endpoint, lane: .control)
            let reply3 = try await Self.nextReply(&inbound)
            #expect(reply3.callID == 3 && Self.failureKind(reply3) == .decoding)

            // A missing argument, too many arguments, and a target that does not exist.
            var missing = call
            missing.callID = 4
            missing.arguments = []
            try await Self.send(missing, from: raw, to: b)
            #expect(Self.failureKind(try await Self.nextReply(&inbound)) == .decoding)
            var flood = call
            flood.callID = 5
            flood.arguments = Array(repeating: "\"x\"", count: 33)
            try await Self.send(flood, from: raw, to: b)
            #expect(Self.failureKind(try await Self.nextReply(&inbound)) == .decoding)
            var bogus = call
            bogus.callID = 6
            bogus.target = call.target.replacingOccurrences(of: "4echo", with: "4ecko")
            #expect(bogus.target != call.target)
            try await Self.send(bogus, from: raw, to: b)
            let reply6 = try await Self.nextReply(&inbound)
            #expect(Self.failureKind(reply6) == .unknownTarget, "\(reply6)")

            // The well-formed call still works, from the raw peer and from a real node.
            var good = call
            good.callID = 7
            try await Self.send(good, from: raw, to: b)
            let reply7 = try await Self.nextReply(&inbound)
            guard case .value(let json) = reply7.outcome else {
                Issue.record("expected a value, got \(reply7.outcome)")
                return
            }
            #expect(try ActorCodec.decode(String.self, from: json, system: nil) == "抓包")
            #expect(try await c[0].echoProxy(on: b).echo("还在") == "还在")
        }
    }

    @Test func replies_fromAnotherNodeOrMalformed_areIgnored_theRealReplyCompletesTheCall() async throws {
        try await TestCluster.with { c in
            let raw = c.network.makeTransport(identity: Self.rawIdentity)
            let impostorIdentity = PeerIdentity(site: ReplicaID("impostor"), endpoint: Endpoint(host: "impostor", port: 9),
                                                incarnation: 1)
            let impostor = c.network.makeTransport(identity: impostorIdentity)
            let (call, pendingCall) = try await Self.capturedEchoCall(c, raw: raw)
            await c.clock.waitForSleepers(1)

            let forged = ReplyEnvelope(callID: call.callID, outcome: .value(#""伪造""#))
            try await Self.send(forged, type: ActorWireType.reply, from: impostor, to: c[0])
            try await raw.send(WireMessage(type: ActorWireType.reply, payload: Array("{]".utf8)),
                               to: c[0].identity.endpoint, lane: .control)
            let genuine = ReplyEnvelope(callID: call.callID, outcome: .value(#""真的""#))
            try await Self.send(genuine, type: ActorWireType.reply, from: raw, to: c[0])
            #expect(try await pendingCall.value == "真的")
            #expect(c[0].system.pendingCallCount == 0)
        }
    }

    @Test func reply_withWrongResultType_failsTheCallWithDecoding() async throws {
        try await TestCluster.with { c in
            let raw = c.network.makeTransport(identity: Self.rawIdentity)
            let (call, pendingCall) = try await Self.capturedEchoCall(c, raw: raw)
            try await Self.send(ReplyEnvelope(callID: call.callID, outcome: .value("12")), type: ActorWireType.reply,
                                from: raw, to: c[0])
            #expect(await remoteErrorKind { _ = try await pendingCall.value } == .decoding)
        }
    }
}
