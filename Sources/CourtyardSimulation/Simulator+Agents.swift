import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Agents: shifts, breaks, failover

extension Simulator {
    /// Builds each site's ACD and agent roster.
    mutating func setUpCallCenter() throws {
        let c = scenario.callCenter
        for (i, site) in siteIDs.enumerated() {
            cc.centers.append(try SiteCallCenter(site: site, settings: c, plant: plant))
            cc.recentCallers.append([])
            for rank in 0..<c.agents(atSite: i) {
                cc.agents.append(SimAgent(profile: try SimAgent.profile(site: site, rank: rank, wrapUpMs: c.wrapUpMs),
                                          home: i, rank: rank))
            }
        }
    }

    /// First shifts start within the first minute.
    mutating func startShifts() {
        for a in cc.agents.indices {
            queue.push(atMs: rng.int(in: 0...60_000), .callCenter(.shift(agent: a, start: true)))
        }
    }

    /// The first up site for agent `a`: its home, else the rendezvous order of its id.
    func siteFor(agent a: Int) -> Int? {
        Rendezvous.order(home: cc.agents[a].home, key: cc.agents[a].id.rawValue, sites: scenario.sites).first { nodes[$0].up }
    }

    func isConnected(_ a: Int) -> Int? {
        guard let at = cc.agents[a].at, isLive(at, cc.agents[a].atLife) else { return nil }
        return at
    }

    mutating func shift(_ a: Int, start: Bool) {
        start ? shiftStarts(a) : shiftEnds(a)
    }

    private mutating func shiftStarts(_ a: Int) {
        guard isConnected(a) == nil else { return }
        guard let site = siteFor(agent: a) else {
            queue.push(atMs: nowMs + 60_000, .callCenter(.shift(agent: a, start: true)))
            return
        }
        cc.agents[a].onShift = true
        if acd(site, .agentLoggedIn(cc.agents[a].profile, nowMs: acdNow(site))) {
            cc.agents[a].at = site
            cc.agents[a].atLife = nodes[site].life
            stats.agentLogins += 1
        }
        // Staggered first shifts: agent k of n leaves after (k+1)/n of a shift.
        let roster = max(1, scenario.callCenter.agents(atSite: cc.agents[a].home))
        let shiftMs = scenario.callCenter.shiftMs
        let length = nowMs < 120_000 ? shiftMs * Int64(cc.agents[a].rank + 1) / Int64(roster) : shiftMs
        queue.push(atMs: nowMs + max(60_000, length), .callCenter(.shift(agent: a, start: false)))
    }

    private mutating func shiftEnds(_ a: Int) {
        let gap = rng.int(in: 120_000...600_000)
        guard let site = isConnected(a) else {
            cc.agents[a].onShift = false
            cc.agents[a].at = nil
            queue.push(atMs: nowMs + gap, .callCenter(.shift(agent: a, start: true)))
            return
        }
        let state = cc.centers[site].acd.agents[cc.agents[a].id]?.state
        if state?.kind == .reserved || state?.kind == .onCall {
            queue.push(atMs: nowMs + 30_000, .callCenter(.shift(agent: a, start: false)))
            return
        }
        if acd(site, .agentRequested(cc.agents[a].id, .logOut, nowMs: acdNow(site))) { stats.agentLogouts += 1 }
        cc.agents[a].onShift = false
        cc.agents[a].at = nil
        queue.push(atMs: nowMs + gap, .callCenter(.shift(agent: a, start: true)))
    }

    // MARK: Breaks

    /// Once a simulated minute: idle agents may go not-ready for a while; agents the ACD put
    /// on break for missed offers come back.
    mutating func agentsMinute() {
        let rate = scenario.callCenter.breakRatePerMinute
        for a in cc.agents.indices {
            guard let site = isConnected(a), let state = cc.centers[site].acd.agents[cc.agents[a].id]?.state else { continue }
            let id = cc.agents[a].id
            if state == .available, rng.chance(rate) {
                if acd(site, .agentRequested(id, .notReady(.restroom), nowMs: acdNow(site))) {
                    queue.push(atMs: nowMs + rng.int(in: 120_000...480_000),
                               .callCenter(.breakEnds(agent: a, site: site, life: nodes[site].life)))
                }
            } else if state == .onBreak(.missedOffers), rng.chance(0.5) {
                acd(site, .agentRequested(id, .available, nowMs: acdNow(site)))
            }
        }
    }

    mutating func breakEnds(_ a: Int, site: Int, life: Int) {
        guard isLive(site, life), isConnected(a) == site,
              case .notReady? = cc.centers[site].acd.agents[cc.agents[a].id]?.state else { return }
        acd(site, .agentRequested(cc.agents[a].id, .available, nowMs: acdNow(site)))
    }

    // MARK: Failover

    /// Node `i` stopped (crash or "you are down"): its ACD is gone. Calls whose caller leg
    /// entered there drop; calls bridged to its agents lose the agent; its logged-in agents'
    /// consoles reconnect to another site a few seconds later, keeping their identity.
    mutating func callCenterStopped(_ i: Int) {
        for id in cc.calls.keys.sorted() {
            guard let call = cc.calls[id] else { continue }
            if call.owner == i {
                cc.calls[id] = nil
                cc.bridges[id] = nil
                stats.callsDropped += 1
                if case .connected(_, let agentSite) = call.state, agentSite != i {
                    acd(agentSite, .callEnded(id, nowMs: acdNow(agentSite)))
                }
            } else if case .connected(_, let agentSite) = call.state, agentSite == i {
                cc.calls[id] = nil
                cc.bridges[id] = nil
                stats.callsDropped += 1
                if isLive(call.owner, call.ownerLife) { acd(call.owner, .callEnded(id, nowMs: acdNow(call.owner))) }
            }
        }
        for a in cc.agents.indices where cc.agents[a].at == i {
            cc.agents[a].at = nil
            queue.push(atMs: nowMs + rng.int(in: 2_000...10_000), .callCenter(.failover(agent: a)))
        }
        record("acd-stopped", "\(siteIDs[i])")
    }

    /// Rebuilds node `i`'s call center empty for a new life.
    mutating func resetCallCenter(_ i: Int) {
        do {
            cc.centers[i] = try SiteCallCenter(site: siteIDs[i], settings: scenario.callCenter, plant: plant)
        } catch {
            violate("internal", "call center of \(siteIDs[i]) could not restart: \(error)")
        }
    }

    mutating func failover(_ a: Int) {
        guard cc.agents[a].onShift, isConnected(a) == nil else { return }
        guard let site = siteFor(agent: a) else {
            queue.push(atMs: nowMs + 30_000, .callCenter(.failover(agent: a)))
            return
        }
        if acd(site, .agentFailedOver(cc.agents[a].profile, nowMs: acdNow(site))) {
            cc.agents[a].at = site
            cc.agents[a].atLife = nodes[site].life
            stats.agentFailovers += 1
        }
    }
}
