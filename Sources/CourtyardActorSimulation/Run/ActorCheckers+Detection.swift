import CourtyardSimulation

// MARK: - Failure detection

extension ActorCheckers {
    /// Crashed nodes seen down within the bound; healthy ones not seen down beyond the budget.
    func checkDetection() {
        let (observations, downtimes, faults) = world.records.withLock { ($0.observations, $0.downtimes, $0.faultWindows) }
        let bound = world.settings.detectionBoundMs
        let endMs = scenario.durationMs + scenario.quiesceMs
        func faulted(_ i: Int, _ from: Int64, _ to: Int64) -> Bool {
            (faults[i] ?? []).contains { $0.0 < to && $0.1 > from }
        }
        func down(_ i: Int, _ from: Int64, _ to: Int64) -> Bool {
            (downtimes[i] ?? []).contains { $0.0 < to && ($0.1 ?? endMs) > from }
        }
        // A crash longer than the bound: every live, unfaulted observer sees it down by then.
        for (i, spans) in downtimes.sorted(by: { $0.key < $1.key }) {
            for (crashMs, restartMs) in spans {
                let upAgain = restartMs ?? endMs
                guard upAgain - crashMs > bound else { continue }
                let checkAt = crashMs + bound
                for observer in world.sites.indices where observer != i {
                    guard !down(observer, crashMs - bound, checkAt), !faulted(observer, crashMs - bound, checkAt),
                          !faulted(i, crashMs - bound, checkAt),
                          let seen = observations.first(where: { $0.observer == observer && $0.atMs >= checkAt && $0.atMs < upAgain })
                    else { continue }
                    if seen.alive.contains(i) {
                        world.violate("detection", "\(world.sites[i].site) crashed at \(SimTime.format(crashMs)) but \(world.sites[observer].site) still saw it up at \(SimTime.format(seen.atMs)) (bound \(bound) ms)")
                    }
                }
            }
        }
        // False positives: a node up and unfaulted for a whole bound, seen down by an
        // unfaulted observer.
        var falsePositives = 0
        var example: String?
        for o in observations {
            for i in o.down.sorted() {
                let from = o.atMs - bound
                guard !down(i, from, o.atMs), !faulted(i, from, o.atMs), !faulted(o.observer, from, o.atMs),
                      !down(o.observer, from, o.atMs), o.atMs > bound else { continue }
                falsePositives += 1
                if example == nil {
                    example = "\(world.sites[o.observer].site) saw \(world.sites[i].site) down at \(SimTime.format(o.atMs))"
                }
            }
        }
        if falsePositives > scenario.falsePositiveBudget {
            world.violate("detection", "\(falsePositives) observations of a healthy node as down (budget \(scenario.falsePositiveBudget)), e.g. \(example ?? "?")")
        }
    }
}
