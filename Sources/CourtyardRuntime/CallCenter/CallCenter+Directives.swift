import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Carrying out ACD directives

extension CallCenter {
    /// Carries out one directive; runs on the ordered effects loop.
    func execute(_ d: ACDDirective) async {
        switch d {
        case let .offer(call, agent, caller, deadline):
            await offer(call, agent: agent, caller: caller, deadlineMs: deadline)
        case let .withdrawOffer(call, agent):
            await agentSessions[agent]?.withdraw(call, atMs: nowMs)
            await sessions[call]?.agentMissed(agent)
        case let .connect(call, agent, at):
            record(call, .answered(agent: agent))
            if at != site {
                record(call, .overflowed(toSite: at))
                // Rung already since the owner granted it (`ringRemote`); bridge only if not.
                if let session = sessions[call], await !session.isRinging(agent) {
                    await session.offer(to: agent, endpoint: remoteEndpoints[agent] ?? Self.defaultEndpoint(agent))
                }
            }
        case let .ringRemote(call, agent, _):
            await sessions[call]?.offer(to: agent, endpoint: remoteEndpoints[agent] ?? Self.defaultEndpoint(agent))
        case let .answerRemote(call, agent, at):
            withPeers { try await $0.phoneAnswered(call: call, agent: agent, at: at) }
        case let .reserveRemote(call, agent, at, caller):
            reserveRemote(call, agent: agent, at: at, caller: caller)
        case let .confirmRemote(call, agent, at, connected):
            withPeers { try await $0.confirm(call: call, agent: agent, connected: connected, at: at) }
        case let .cancelRemote(call, agent, at):
            withPeers { try await $0.cancel(call: call, agent: agent, at: at) }
        case let .replyRemote(call, agent, to, outcome):
            let endpoint = agentSessions[agent]?.endpoint
            withPeers { try await $0.reply(call: call, agent: agent, outcome: outcome, endpoint: endpoint, to: to) }
        case let .announcePosition(call, position):
            await sessions[call]?.announce("您在队列中排第\(position)位，请稍候。")
        case let .sendToVoicemail(call, reason):
            voicemailed.insert(call)
            record(call, .voicemail)
            logger.info("call sent to voice mail", metadata: ["call": "\(call)", "reason": "\(reason.rawValue)"])
            await sessions[call]?.sendToVoicemail(prompt: "坐席繁忙，请在提示音后留言，我们将尽快回电。",
                                                  maxDurationMs: menu.voicemailDurationMsMax)
        case let .recordAgentChange(change):
            await agentChanged(change)
        case .recordMissedCall(let missed):
            logger.info("missed call", metadata: ["call": "\(missed.call)", "waitedMs": "\(missed.waitedMs)"])
        case .publishPresence(let record):
            pushPresence([record])
        }
    }

    /// Rings a call: the caller's session bridges to the agent's phone (our own call) and
    /// the agent's console gets the offer with the screen pop (our own agent).
    private func offer(_ call: CallID, agent: AgentID, caller: PhoneNumber?, deadlineMs: Int64) async {
        if let session = sessions[call] {
            let sticky = acd.calls[call]?.stickyAgent == agent
            record(call, .offered(agent: agent, sticky: sticky))
            await session.offer(to: agent, endpoint: agentSessions[agent]?.endpoint ?? Self.defaultEndpoint(agent), sticky: sticky)
        }
        guard let console = agentSessions[agent] else { return }
        let last = caller.flatMap {
            acd.sticky.lastAgent(of: $0.canonicalWithoutExtension, nowMs: nowMs, memoryMs: configuration.acd.stickyMemoryMs)
        }
        let builder = screenPops
        await console.offer(call, caller: caller, deadlineMs: deadlineMs, atMs: nowMs) {
            await builder.build(caller: caller, lastAgent: last)
        }
    }

    /// One agent transition: the ledger, the console, and the call it touched.
    private func agentChanged(_ change: AgentStateChange) async {
        let from = LedgerAgentState(rawValue: change.from.kind.rawValue) ?? .loggedOut
        let to = LedgerAgentState(rawValue: change.to.kind.rawValue) ?? .loggedOut
        let reason: String? = switch change.to {
        case .notReady(let r): r.rawValue
        case .onBreak(let r): r.rawValue
        default: nil
        }
        var events = [LedgerEvent(site: site, atMs: change.atMs, callID: nil,
                                  body: .agentState(agent: change.agent, from: from, to: to, reason: reason))]
        let console = agentSessions[change.agent]
        if case .wrapUp(let call, _) = change.to {
            events.append(LedgerEvent(site: site, atMs: change.atMs, callID: call, body: .wrapUpStarted(agent: change.agent)))
        }
        if case .wrapUp(let call, _) = change.from {
            events.append(LedgerEvent(site: site, atMs: change.atMs, callID: call, body: .wrapUpEnded(agent: change.agent)))
        }
        if case .reserved(let call, _) = change.from, change.to.kind != .onCall {
            let outcome: OfferOutcome? = switch change.cause {
            case .declined: .declined
            case .offerTimedOut, .missedOffers: .timedOut
            default: nil
            }
            if let outcome {
                events.append(LedgerEvent(site: site, atMs: change.atMs, callID: call,
                                          body: .offerEnded(agent: change.agent, outcome: outcome)))
            }
            await console?.withdraw(call, atMs: change.atMs)
            await sessions[call]?.agentMissed(change.agent)
        }
        record(events)
        await console?.push(AgentConsoleEvent(type: .state, agent: change.agent, atMs: change.atMs, call: change.to.call,
                                              state: change.to.kind, reason: reason))
        if case .onCall(let call, _) = change.to {
            await console?.push(AgentConsoleEvent(type: .connected, agent: change.agent, atMs: change.atMs, call: call))
        }
        if case .onCall(let call, _) = change.from {
            await console?.push(AgentConsoleEvent(type: .callEnded, agent: change.agent, atMs: change.atMs, call: call))
        }
        if case .wrapUp(let call, _) = change.from {
            await sessions[call]?.finishWrapUp()
            await retireIfDone(call)
        }
        if change.to == .loggedOut, let console {
            await console.close()
            agentSessions[change.agent] = nil
        }
    }

    // MARK: Remote work

    private func reserveRemote(_ call: CallID, agent: AgentID, at: SiteID, caller: PhoneNumber?) {
        guard let peers else {
            apply(.remoteReservationResult(call, agent: agent, outcome: .refused("no cluster"), nowMs: nowMs))
            return
        }
        let from = site
        background {
            let outcome: RemoteOutcome
            do {
                outcome = try await peers.reserve(call: call, agent: agent, from: from, caller: caller, at: at)
            } catch {
                outcome = .refused("\(error)")
            }
            await self.remoteOutcome(call, agent: agent, outcome: outcome)
        }
    }

    private func remoteOutcome(_ call: CallID, agent: AgentID, outcome: RemoteOutcome) {
        apply(.remoteReservationResult(call, agent: agent, outcome: outcome, nowMs: nowMs))
    }

    /// Runs a call on the peers in the background; failures are logged (the ACD's own
    /// timeouts and leases recover from a lost message).
    func withPeers(_ body: @escaping @Sendable (any CallCenterPeers) async throws -> Void) {
        guard let peers else { return }
        let logger = self.logger
        background {
            do { try await body(peers) } catch {
                logger.debug("remote call-center call failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Sends presence records to every peer.
    func pushPresence(_ records: [PresenceRecord]) {
        guard let peers, !records.isEmpty else { return }
        background { await peers.pushPresence(records) }
    }
}
