// MARK: - Lifecycle: start, join, push/pull, leave

extension MembershipInstance {
    /// Starts the protocol: the first probe round after a random offset within one probe
    /// interval and the first push/pull within one push/pull interval (offsets drawn from
    /// `rng` keep nodes started together from probing in lockstep).
    public mutating func start(nowMs: Int64, rng: inout some RandomNumberGenerator) -> [MembershipDirective] {
        guard !started else { return [] }
        started = true
        gossip.enqueue(MembershipUpdate(node: myself, status: selfStatus))
        let tickOffsetMs = Int64(DeterministicDraw.below(Int(settings.probeIntervalMs), using: &rng))
        let pushPullOffsetMs = Int64(DeterministicDraw.below(Int(settings.pushPullIntervalMs), using: &rng))
        return [
            .scheduleTimer(.protocolPeriod, atMs: nowMs + tickOffsetMs),
            .scheduleTimer(.pushPull, atMs: nowMs + pushPullOffsetMs),
        ]
    }

    /// Joins through `seeds` (endpoints; this node's own is skipped): sends each a
    /// push/pull of this node's state. Seeds are remembered (sorted, at most `seedsMax`)
    /// and retried while no other member is known.
    public mutating func onJoin(seeds: [Endpoint], nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        self.seeds = Array(Set(seeds).subtracting([myself.endpoint]).sorted().prefix(settings.seedsMax))
        var out: [MembershipDirective] = []
        sendJoin(nowMs: nowMs, out: &out)
        return out
    }

    private mutating func sendJoin(nowMs: Int64, out: inout [MembershipDirective]) {
        joinAttemptMs = nowMs
        for seed in seeds {
            out.append(.sendToEndpoint(seed, message: message(to: nil, kind: .pushPull(snapshot()))))
        }
    }

    /// Re-sends the join while this node knows no other member.
    mutating func retryJoinIfAlone(nowMs: Int64, out: inout [MembershipDirective]) {
        guard memberNodes.isEmpty, !seeds.isEmpty else { return }
        if let last = joinAttemptMs, nowMs < last + settings.joinRetryIntervalMs { return }
        sendJoin(nowMs: nowMs, out: &out)
    }

    // MARK: Push/pull

    /// Time for a full-state exchange with one member drawn with `rng` (unreachable ones
    /// included: that is how a healed partition finds out).
    public mutating func onPushPullTimer(nowMs: Int64, rng: inout some RandomNumberGenerator) -> [MembershipDirective] {
        guard isActive else { return [] }
        var out: [MembershipDirective] = [.scheduleTimer(.pushPull, atMs: nowMs + settings.pushPullIntervalMs)]
        let candidates = memberNodes
        if candidates.isEmpty {
            retryJoinIfAlone(nowMs: nowMs, out: &out)
        } else {
            let peer = candidates[DeterministicDraw.below(candidates.count, using: &rng)]
            out.append(.pushPull(to: peer, message: message(to: peer, kind: .pushPull(snapshot()))))
        }
        return out
    }

    /// A peer's full state: merge it and answer with ours (after the merge, so a
    /// refutation it provoked travels back at once).
    public mutating func onPushPull(from: NodeID, snapshot remote: MembershipSnapshot,
                                    nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        var out: [MembershipDirective] = []
        apply(remote.members, nowMs: nowMs, out: &out)
        out.append(.pushPull(to: from, message: message(to: from, kind: .pushPullReply(snapshot()))))
        resolve(nowMs: nowMs, out: &out)
        return out
    }

    /// The answer to our push/pull: merge it.
    public mutating func onPushPullReply(from: NodeID, snapshot remote: MembershipSnapshot,
                                         nowMs: Int64) -> [MembershipDirective] {
        onGossip(remote.members, nowMs: nowMs)
    }

    // MARK: Leave

    /// Leaves gracefully: this node becomes `left` and tells every member directly, so
    /// the others record a departure, not a failure. The instance is inert afterwards.
    public mutating func leave(nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        let before = selfStatus
        selfStatus = .left
        probe = nil
        relays = [:]
        var out: [MembershipDirective] = [.statusChanged(member: myself, from: before, to: .left)]
        let news = [MembershipUpdate(node: myself, status: .left)]
        for node in memberNodes {
            out.append(.send(to: node, message: MembershipMessage(from: myself, to: node, kind: .gossip, gossip: news)))
        }
        return out
    }

    // MARK: Down resolver

    /// The stable-after window may have passed.
    public mutating func onDownResolverTimer(nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        resolverTimerMs = nil
        var out: [MembershipDirective] = []
        resolve(nowMs: nowMs, out: &out)
        return out
    }

    /// Runs the down resolver on the current view and carries out its decision.
    mutating func resolve(nowMs: Int64, out: inout [MembershipDirective]) {
        guard isActive else { return }
        switch resolver.evaluate(view: viewKinds, myself: myself, nowMs: nowMs) {
        case .healthy:
            break
        case .wait(let untilMs):
            if resolverTimerMs != untilMs {
                resolverTimerMs = untilMs
                out.append(.scheduleTimer(.downResolver, atMs: untilMs))
            }
        case .down(let nodes):
            for node in nodes { setStatus(node, .down, nowMs: nowMs, out: &out) }
        case .inMinority:
            if quorumSide != .inMinority {
                quorumSide = .inMinority
                out.append(.quorumChanged(.inMinority))
            }
            return
        }
        if quorumSide == .inMinority && DownResolver.hasMajority(view: viewKinds, myself: myself) {
            quorumSide = .majority
            out.append(.quorumChanged(.majority))
        }
    }
}
