// MARK: - Probing (SWIM failure detection with Lifeguard)

extension MembershipInstance {
    /// Starts a probe round: closes the previous round (a target that never answered is
    /// suspected), schedules the next round at `probeIntervalMs·(1+LHM)`, and pings the
    /// next member of the shuffled round-robin order.
    public mutating func onTick(nowMs: Int64, rng: inout some RandomNumberGenerator) -> [MembershipDirective] {
        guard isActive else { return [] }
        var out: [MembershipDirective] = []
        finishProbe(nowMs: nowMs, out: &out)
        pruneTombstones(nowMs: nowMs)
        out.append(.scheduleTimer(.protocolPeriod, atMs: nowMs + health.scaled(settings.probeIntervalMs)))
        retryJoinIfAlone(nowMs: nowMs, out: &out)
        if let target = schedule.next(candidates: memberNodes, using: &rng) {
            seqNext += 1
            probe = Probe(target: target, seq: seqNext)
            out.append(.send(to: target, message: message(to: target, kind: .ping(seq: seqNext))))
            out.append(.scheduleTimer(.probeTimeout(seq: seqNext), atMs: nowMs + health.scaled(settings.probeTimeoutMs)))
            out.append(.scheduleTimer(.indirectProbeTimeout(seq: seqNext),
                                      atMs: nowMs + health.scaled(settings.probeIntervalMs)))
        }
        resolve(nowMs: nowMs, out: &out)
        return out
    }

    /// The direct ack is overdue: ask up to `indirectProbeCount` alive members, drawn
    /// with `rng`, to probe the target for us.
    public mutating func onProbeTimeout(seq: UInt64, nowMs: Int64,
                                        rng: inout some RandomNumberGenerator) -> [MembershipDirective] {
        guard isActive, var current = probe, current.seq == seq, current.relays.isEmpty else { return [] }
        let candidates = aliveNodes.filter { $0 != current.target }
        current.relays = DeterministicDraw.sample(candidates, count: settings.indirectProbeCount, using: &rng).sorted()
        probe = current
        return current.relays.map { relay in
            .send(to: relay, message: message(to: relay, kind: .pingRequest(seq: seq, target: current.target)))
        }
    }

    /// The probe round of `seq` ended without an ack: suspect the target.
    public mutating func onIndirectProbeTimeout(seq: UInt64, nowMs: Int64) -> [MembershipDirective] {
        guard isActive, probe?.seq == seq else { return [] }
        var out: [MembershipDirective] = []
        finishProbe(nowMs: nowMs, out: &out)
        resolve(nowMs: nowMs, out: &out)
        return out
    }

    /// Closes an unanswered probe: local health worsens by the nacks that did not come
    /// (a relay that answers proves our network works) or by one without relays.
    private mutating func finishProbe(nowMs: Int64, out: inout [MembershipDirective]) {
        guard let failed = probe else { return }
        probe = nil
        let missedNacks = failed.relays.count - failed.nacks.count
        health.apply(failed.relays.isEmpty ? 1 : missedNacks)
        suspect(failed.target, nowMs: nowMs, out: &out)
    }

    // MARK: Answering

    /// A direct probe: answer with an ack.
    public mutating func onPing(from: NodeID, seq: UInt64, nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        return [.send(to: from, message: message(to: from, kind: .ack(seq: seq)))]
    }

    /// Probe `target` for `from`; ack back if it answers, nack when it does not in time.
    public mutating func onPingRequest(from: NodeID, seq: UInt64, target: NodeID,
                                       nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        if target == myself { return onPing(from: from, seq: seq, nowMs: nowMs) }
        guard relays.count < settings.relaysPendingMax, members[target]?.status.isMember == true else { return [] }
        seqNext += 1
        relays[seqNext] = Relay(origin: from, originSeq: seq, target: target)
        let nackAtMs = nowMs + settings.probeTimeoutMs * settings.nackTimeoutPercent / 100
        return [
            .send(to: target, message: message(to: target, kind: .ping(seq: seqNext))),
            .scheduleTimer(.relayTimeout(seq: seqNext), atMs: nackAtMs),
        ]
    }

    /// An ack: completes this node's probe (health improves) or is forwarded to the
    /// member that asked for a relayed probe.
    public mutating func onAck(from: NodeID, seq: UInt64, nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        if probe?.seq == seq {
            probe = nil
            health.apply(-1)
            return []
        }
        guard let relay = relays[seq], relay.target == from else { return [] }
        relays[seq] = nil
        return [.send(to: relay.origin, message: message(to: relay.origin, kind: .ack(seq: relay.originSeq)))]
    }

    /// A relay could not reach the target either.
    public mutating func onNack(from: NodeID, seq: UInt64, nowMs: Int64) -> [MembershipDirective] {
        guard isActive, var current = probe, current.seq == seq, current.relays.contains(from) else { return [] }
        current.nacks.insert(from)
        probe = current
        return []
    }

    /// The relayed probe `seq` got no ack in time: nack the requester.
    public mutating func onRelayTimeout(seq: UInt64, nowMs: Int64) -> [MembershipDirective] {
        guard isActive, let relay = relays.removeValue(forKey: seq) else { return [] }
        return [.send(to: relay.origin, message: message(to: relay.origin, kind: .nack(seq: relay.originSeq)))]
    }
}
