import CourtyardMembership
import Distributed

// The caller's side: encode, send on the control lane, park until the reply, the deadline,
// cancellation or the node going down, whichever comes first. Every path frees the call's
// pending slot exactly once (the slot is removed by whoever resumes its continuation).

extension ClusterActorSystem {
    // MARK: Deadlines

    @TaskLocal static var callTimeoutOverride: Duration?

    /// Runs `body` with `timeout` as the deadline of the remote calls it makes (instead of
    /// `settings.callTimeout`).
    public static func withCallTimeout<R>(_ timeout: Duration, _ body: () async throws -> R) async rethrows -> R {
        try await $callTimeoutOverride.withValue(timeout) { try await body() }
    }

    // MARK: DistributedActorSystem

    public func remoteCall<Act, Err, Res>(
        on actor: Act, target: RemoteCallTarget, invocation: inout ClusterInvocationEncoder,
        throwing: Err.Type, returning: Res.Type
    ) async throws -> Res where Act: DistributedActor, Act.ID == ClusterActorID, Err: Error, Res: Codable {
        switch try await perform(to: actor.id, target: target, invocation: invocation) {
        case .value(let json):
            do {
                return try ActorCodec.decode(Res.self, from: json, system: self)
            } catch {
                throw RemoteCallError(.decoding, "result of \(target.identifier) as \(Res.self): \(error)")
            }
        case .void:
            throw RemoteCallError(.decoding, "\(target.identifier) returned nothing, expected \(Res.self)")
        case .failure(let error, let json):
            throw rebuildRemoteError(error, json: json)
        }
    }

    public func remoteCallVoid<Act, Err>(
        on actor: Act, target: RemoteCallTarget, invocation: inout ClusterInvocationEncoder, throwing: Err.Type
    ) async throws where Act: DistributedActor, Act.ID == ClusterActorID, Err: Error {
        switch try await perform(to: actor.id, target: target, invocation: invocation) {
        case .value, .void:
            return
        case .failure(let error, let json):
            throw rebuildRemoteError(error, json: json)
        }
    }

    // MARK: Down knowledge

    /// The node at `endpoint` is down (a membership decision): calls to it fail at once with
    /// `.nodeDown`, and calls pending on it fail now.
    public func markDown(_ endpoint: Endpoint) {
        let failed = state.withLock { s -> [CheckedContinuation<ReplyEnvelope.Outcome, any Error>] in
            s.down.insert(endpoint)
            var resume: [CheckedContinuation<ReplyEnvelope.Outcome, any Error>] = []
            for callID in s.pending.keys.sorted() where s.pending[callID]?.endpoint == endpoint {
                if let continuation = s.pending[callID]?.continuation {
                    s.pending[callID] = nil
                    resume.append(continuation)
                } else if s.pending[callID]?.early == nil {
                    s.pending[callID]?.early = .failure(Self.downError(endpoint))
                }
            }
            return resume
        }
        for continuation in failed { continuation.resume(throwing: Self.downError(endpoint)) }
    }

    /// The node at `endpoint` is back (or was replaced by a new incarnation).
    public func markUp(_ endpoint: Endpoint) {
        _ = state.withLock { $0.down.remove(endpoint) }
    }

    public func isDown(_ endpoint: Endpoint) -> Bool {
        state.withLock { $0.down.contains(endpoint) }
    }

    private static func downError(_ endpoint: Endpoint) -> RemoteCallError {
        RemoteCallError(.nodeDown, "node \(endpoint) is down")
    }

    // MARK: One call

    func perform(to id: ClusterActorID, target: RemoteCallTarget,
                 invocation: ClusterInvocationEncoder) async throws -> ReplyEnvelope.Outcome {
        try Task.checkCancellation()
        let timeout = Self.callTimeoutOverride ?? settings.callTimeout
        let callID = try reservePending(to: id.endpoint)
        let payload: [UInt8]
        do {
            let envelope = CallEnvelope(callID: callID, recipient: id, target: target.identifier,
                                        genericSubstitutions: invocation.genericSubstitutions,
                                        arguments: invocation.arguments)
            payload = try ActorCodec.encode(envelope)
        } catch {
            releasePending(callID)
            throw RemoteCallError(.encoding, "call \(target.identifier): \(error)")
        }
        guard payload.count <= settings.payloadBytesMax else {
            releasePending(callID)
            throw RemoteCallError(.encoding, "call of \(payload.count) bytes exceeds \(settings.payloadBytesMax)")
        }
        do {
            try await transport.send(WireMessage(type: ActorWireType.call, payload: payload), to: id.endpoint, lane: .control)
        } catch {
            releasePending(callID)
            throw Self.sendError(error, to: id.endpoint)
        }
        return try await awaitReply(callID, timeout: timeout, target: target)
    }

    private func reservePending(to endpoint: Endpoint) throws(RemoteCallError) -> UInt64 {
        try state.withLock { s throws(RemoteCallError) -> UInt64 in
            guard !s.down.contains(endpoint) else { throw Self.downError(endpoint) }
            guard s.pending.count < settings.pendingCallsMax else {
                throw RemoteCallError(.tooManyPending, "\(s.pending.count) calls already in flight")
            }
            var callID = environment.random.next()
            while callID == 0 || s.pending[callID] != nil { callID = environment.random.next() }
            s.pending[callID] = PendingCall(endpoint: endpoint)
            return callID
        }
    }

    private func releasePending(_ callID: UInt64) {
        _ = state.withLock { $0.pending.removeValue(forKey: callID) }
    }

    private static func sendError(_ error: TransportError, to endpoint: Endpoint) -> RemoteCallError {
        switch error.kind {
        case .backpressure: RemoteCallError(.backpressure, "to \(endpoint): \(error.message)")
        case .unreachable, .closed: RemoteCallError(.unreachable, "to \(endpoint): \(error.message)")
        case .invalidMessage: RemoteCallError(.encoding, "to \(endpoint): \(error.message)")
        }
    }

    /// Parks until the call completes. A child task sleeps on the environment's clock until
    /// the deadline; it is cancelled as soon as the call completes another way.
    private func awaitReply(_ callID: UInt64, timeout: Duration,
                            target: RemoteCallTarget) async throws -> ReplyEnvelope.Outcome {
        let clock = environment.clock
        let identifier = target.identifier
        return try await withThrowingTaskGroup(of: Void.self, returning: ReplyEnvelope.Outcome.self) { group in
            group.addTask {
                guard (try? await Self.sleep(on: clock, for: timeout)) != nil else { return }
                self.complete(callID, with: .failure(RemoteCallError(
                    .timeout, "no reply to \(identifier) within \(timeout)")))
            }
            defer { group.cancelAll() }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    park(callID, continuation)
                }
            } onCancel: {
                complete(callID, with: .failure(CancellationError()))
            }
        }
    }

    private static func sleep<C: Clock>(on clock: C, for duration: Duration) async throws where C.Duration == Duration {
        try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil)
    }

    private func park(_ callID: UInt64, _ continuation: CheckedContinuation<ReplyEnvelope.Outcome, any Error>) {
        let early = state.withLock { s -> Result<ReplyEnvelope.Outcome, any Error>? in
            guard let call = s.pending[callID] else {
                return .failure(RemoteCallError(.timeout, "call \(callID) vanished"))
            }
            if let early = call.early {
                s.pending[callID] = nil
                return early
            }
            s.pending[callID]?.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Completes a pending call once: the first of reply, deadline, cancellation and
    /// node-down wins; later ones find no slot (or an early result) and do nothing.
    func complete(_ callID: UInt64, with result: Result<ReplyEnvelope.Outcome, any Error>,
                  from endpoint: Endpoint? = nil) {
        let continuation = state.withLock { s -> CheckedContinuation<ReplyEnvelope.Outcome, any Error>? in
            guard let call = s.pending[callID] else { return nil }
            if let endpoint, endpoint != call.endpoint { return nil }
            guard let continuation = call.continuation else {
                if call.early == nil { s.pending[callID]?.early = result }
                return nil
            }
            s.pending[callID] = nil
            return continuation
        }
        continuation?.resume(with: result)
    }
}
