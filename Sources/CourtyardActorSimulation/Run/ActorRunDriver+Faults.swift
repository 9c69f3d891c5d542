import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import CourtyardSimulation

// MARK: - Faults

/// The scenario's fault plan applied to the simulated world: cuts and clogs on the
/// network, crashes and restarts of node lives, clock skews and jumps, failing disks.
extension ActorRunDriver {
    func scheduleFault(_ fault: TimedFault) {
        scheduler.schedule(atNs: fault.atMs * 1_000_000) { [self] in inject(fault.action) }
    }

    private func endpoints(_ indices: [Int]) -> [Endpoint] {
        indices.filter { $0 < world.sites.count }.map { world.sites[$0].endpoint }
    }

    private func window(_ sites: [Int], _ durationMs: Int64) {
        world.noteFaultWindow(sites: sites, fromMs: scheduler.nowMs, toMs: scheduler.nowMs + durationMs)
    }

    func inject(_ action: FaultAction) {
        scheduler.trace("fault", "\(action)")
        let net = world.network
        switch action {
        case .partition(let a, let b, let durationMs):
            setCuts(endpoints(a), endpoints(b), both: true, on: true)
            window(a + b, durationMs)
            scheduler.schedule(afterMs: durationMs) { [self] in setCuts(endpoints(a), endpoints(b), both: true, on: false) }
        case .oneWay(let from, let to, let durationMs):
            setCuts(endpoints(from), endpoints(to), both: false, on: true)
            window(from + to, durationMs)
            scheduler.schedule(afterMs: durationMs) { [self] in setCuts(endpoints(from), endpoints(to), both: false, on: false) }
        case .clog(let a, let b, let durationMs):
            let until = scheduler.nowNs + durationMs * 1_000_000
            for (x, y) in [(a, b), (b, a)] where x < world.sites.count && y < world.sites.count {
                net.clog(from: world.sites[x].endpoint, to: world.sites[y].endpoint, untilNs: until)
            }
            window([a, b], durationMs)
        case .flap(let a, let b, let periodMs, let durationMs):
            window([a, b], durationMs + periodMs)
            flap(a, b, periodMs: max(2, periodMs), endMs: scheduler.nowMs + durationMs, down: true)
        case .crash(let i, let downMs):
            crash(i, downMs: downMs)
        case .rollingRestart(let gapMs, let downMs):
            for i in world.sites.indices {
                scheduler.schedule(afterMs: Int64(i) * gapMs) { [self] in crash(i, downMs: downMs) }
            }
        case .skew(let i, let ms):
            guard i < world.sites.count else { return }
            world.sites[i].skewMs = ms
            window([i], 60_000)
        case .jump(let i, let ms):
            guard i < world.sites.count else { return }
            world.sites[i].skewMs += ms
            window([i], max(60_000, abs(ms) + 60_000))
        case .diskError(let i, let durationMs):
            failDisk(i, .ioError, durationMs)
        case .diskFull(let i, let durationMs):
            failDisk(i, .full, durationMs)
        }
    }

    private func setCuts(_ a: [Endpoint], _ b: [Endpoint], both: Bool, on: Bool) {
        for x in a {
            for y in b where x != y {
                if on { world.network.cut(from: x, to: y) } else { world.network.mend(from: x, to: y) }
                if both {
                    if on { world.network.cut(from: y, to: x) } else { world.network.mend(from: y, to: x) }
                }
            }
        }
    }

    private func flap(_ a: Int, _ b: Int, periodMs: Int64, endMs: Int64, down: Bool) {
        let pair = endpoints([a]) + endpoints([b])
        guard pair.count == 2 else { return }
        let stillFlapping = scheduler.nowMs < endMs
        setCuts([pair[0]], [pair[1]], both: true, on: down && stillFlapping)
        guard stillFlapping else { return }
        scheduler.schedule(afterMs: periodMs / 2) { [self] in flap(a, b, periodMs: periodMs, endMs: endMs, down: !down) }
    }

    func crash(_ i: Int, downMs: Int64) {
        guard i < world.sites.count else { return }
        let site = world.sites[i]
        guard site.isUp else { return }
        site.crash()
        world.noteCrash(site)
        stats.crashes += 1
        scheduler.schedule(afterMs: downMs) { [self] in
            if !site.isUp { restart(site) }
        }
    }

    private func failDisk(_ i: Int, _ failure: SimDurableLog.Failure, _ durationMs: Int64) {
        guard i < world.sites.count else { return }
        let log = world.sites[i].log
        log.failing = failure
        window([i], durationMs)
        scheduler.schedule(afterMs: durationMs) { log.failing = nil }
    }
}

// MARK: - Observation and status

extension ActorRunDriver {
    /// Every few seconds, each live node's membership view is read (through its actor, as
    /// the API would) and kept for the failure-detection checks.
    func scheduleObservations(untilMs: Int64) {
        let every = world.settings.observeEveryMs
        var t = every
        while t <= untilMs {
            scheduler.schedule(atNs: t * 1_000_000) { [self] in observe() }
            t += every
        }
    }

    private func observe() {
        let world = self.world
        for site in world.sites {
            guard let life = site.life, let node = life.node else { continue }
            Task(executorPreference: life.owner.preferredTaskExecutor) {
                let members = await node.members()
                let atMs = world.scheduler.nowMs
                let upSites = Set(members.filter(\.isUp).map(\.site))
                var alive = Set<Int>(), down = Set<Int>()
                for other in world.sites {
                    if upSites.contains(other.site) || other.index == site.index { alive.insert(other.index) } else { down.insert(other.index) }
                }
                let observation = MembershipObservation(atMs: atMs, observer: site.index, down: down, alive: alive)
                world.records.withLock { $0.observations.append(observation) }
            }
        }
    }

    /// One status line per site per status period: up or down, life, members seen, events
    /// on disk, writes acknowledged so far.
    func scheduleStatus(untilMs: Int64) {
        var t = scenario.statusEveryMs
        while t <= untilMs {
            scheduler.schedule(atNs: t * 1_000_000) { [self] in status() }
            t += scenario.statusEveryMs
        }
    }

    private func status() {
        let nowMs = scheduler.nowMs
        let (acked, observations) = world.records.withLock { r in
            (r.acked.count, r.observations.suffix(world.sites.count * 2))
        }
        for site in world.sites {
            let seen = observations.last { $0.observer == site.index }.map { "\($0.alive.count)/\(world.sites.count)" } ?? "-"
            let state = site.isUp ? "up#\(site.lives)" : "DOWN"
            let disk = site.log.failing.map { " disk=\($0.rawValue)" } ?? ""
            let line = "[\(SimTime.minutes(nowMs))] \(site.site.rawValue.padding(12)) \(state.padding(6)) members=\(seen) events=\(site.log.committed.count) skew=\(site.skewMs)ms acked=\(acked)\(disk)"
            world.records.withLock { $0.statusLines.append(line) }
        }
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
