import CourtyardMembership
import Distributed

// The callee's side: one loop reads calls and replies; each call executes in its own child
// task (at most `inboundCallsMax` at once) so a slow function does not hold up the others
// or the replies to this node's own calls.

extension ClusterActorSystem {
    /// Consumes the transport's inbound stream until it ends or the task is cancelled.
    public func run() async {
        await run(inbound: transport.inbound)
    }

    /// Consumes `inbound` (for a node whose transport is shared by several subsystems and
    /// demultiplexed by message type). Messages of other types are dropped with a log.
    public func run<S: AsyncSequence<InboundMessage, Never>>(inbound: S) async {
        await withDiscardingTaskGroup { group in
            for await message in inbound {
                switch message.message.type {
                case ActorWireType.reply:
                    receiveReply(message)
                case ActorWireType.call:
                    switch decodeCall(message) {
                    case .call(let call):
                        group.addTask { await self.receiveCall(call, from: message.from) }
                    case .reject(let reply):
                        group.addTask { await self.sendReply(reply, to: message.from) }
                    case .drop:
                        continue
                    }
                default:
                    logger.debug("actor system: dropped message of type \(message.message.type) from \(message.from)")
                }
            }
        }
    }

    // MARK: Replies

    private func receiveReply(_ message: InboundMessage) {
        guard message.message.payload.count <= settings.payloadBytesMax,
              let reply = try? ActorCodec.decode(ReplyEnvelope.self, from: message.message.payload, system: nil) else {
            logger.warning("actor system: dropped malformed reply from \(message.from)")
            return
        }
        // Only the node the call went to may answer it.
        complete(reply.callID, with: .success(reply.outcome), from: message.from.endpoint)
    }

    // MARK: Calls

    private enum DecodedCall {
        case call(CallEnvelope)
        /// Malformed, but its id could be read: answered with `.decoding`.
        case reject(ReplyEnvelope)
        /// Malformed beyond answering: dropped with a log.
        case drop
    }

    private func decodeCall(_ message: InboundMessage) -> DecodedCall {
        let payload = message.message.payload
        guard payload.count <= settings.payloadBytesMax else {
            logger.warning("actor system: dropped call of \(payload.count) bytes from \(message.from)")
            return .drop
        }
        do {
            let call = try ActorCodec.decode(CallEnvelope.self, from: payload, system: nil)
            guard call.arguments.count <= settings.argumentsMax,
                  call.genericSubstitutions.count <= settings.genericSubstitutionsMax else {
                throw InvocationDecodingError(description: "call exceeds \(settings.argumentsMax) arguments or "
                                              + "\(settings.genericSubstitutionsMax) generic substitutions")
            }
            return .call(call)
        } catch {
            guard let header = try? ActorCodec.decode(CallHeader.self, from: payload, system: nil) else {
                logger.warning("actor system: dropped malformed call from \(message.from)")
                return .drop
            }
            let failure = RemoteCallError(.decoding, "malformed call: \(error)".truncated(toBytes: settings.errorMessageBytesMax))
            return .reject(ReplyEnvelope(callID: header.callID, outcome: .failure(failure, errorJSON: nil)))
        }
    }

    private func receiveCall(_ call: CallEnvelope, from peer: PeerIdentity) async {
        let admitted = state.withLock { s -> Bool in
            guard s.inboundCalls < settings.inboundCallsMax else { return false }
            s.inboundCalls += 1
            return true
        }
        let outcome: ReplyEnvelope.Outcome
        if admitted {
            outcome = await execute(call)
            state.withLock { $0.inboundCalls -= 1 }
        } else {
            outcome = .failure(RemoteCallError(.backpressure, "\(identity) is executing \(settings.inboundCallsMax) calls"),
                               errorJSON: nil)
        }
        await sendReply(ReplyEnvelope(callID: call.callID, outcome: outcome), to: peer)
    }

    private func execute(_ call: CallEnvelope) async -> ReplyEnvelope.Outcome {
        let recipient = call.recipient
        guard recipient.endpoint == identity.endpoint, recipient.incarnation == identity.incarnation else {
            return .failure(RemoteCallError(.unknownActor, "\(recipient) is not on \(identity)"), errorJSON: nil)
        }
        guard let registration = state.withLock({ $0.actors[recipient.path] }) else {
            return .failure(RemoteCallError(.unknownActor, "no actor at \(recipient)"), errorJSON: nil)
        }
        // The runtime would run a target of another actor type on this actor; refuse it.
        guard call.target.contains(registration.typeName) else {
            return .failure(RemoteCallError(.unknownTarget, "\(call.target.prefix(128)) is not a target of \(recipient)"),
                            errorJSON: nil)
        }
        let handler = ClusterResultHandler(errorMessageBytesMax: settings.errorMessageBytesMax)
        let decoder = ClusterInvocationDecoder(envelope: call, system: self)
        do {
            guard try await registration.execute(self, RemoteCallTarget(call.target), decoder, handler) else {
                return .failure(RemoteCallError(.unknownActor, "actor at \(recipient) is gone"), errorJSON: nil)
            }
        } catch let error as InvocationDecodingError {
            // Generic substitutions are decoded before the runtime hands errors to the handler.
            return ClusterResultHandler.failure(for: error, messageBytesMax: settings.errorMessageBytesMax)
        } catch {
            let message = "\(call.target.prefix(128)) on \(recipient): \(error)".truncated(toBytes: settings.errorMessageBytesMax)
            return .failure(RemoteCallError(.unknownTarget, message), errorJSON: nil)
        }
        return handler.outcome ?? .failure(RemoteCallError(.unknownTarget, "\(call.target.prefix(128)) produced no result"),
                                           errorJSON: nil)
    }

    private func sendReply(_ reply: ReplyEnvelope, to peer: PeerIdentity) async {
        var reply = reply
        var payload = (try? ActorCodec.encode(reply)) ?? []
        if payload.isEmpty || payload.count > settings.payloadBytesMax {
            reply.outcome = .failure(RemoteCallError(.encoding, "reply of \(payload.count) bytes exceeds "
                                                     + "\(settings.payloadBytesMax)"), errorJSON: nil)
            payload = (try? ActorCodec.encode(reply)) ?? []
        }
        do {
            try await transport.send(WireMessage(type: ActorWireType.reply, payload: payload), to: peer.endpoint, lane: .control)
        } catch {
            // The caller's deadline covers a lost reply.
            logger.warning("actor system: reply \(reply.callID) to \(peer) not sent: \(error)")
        }
    }
}
