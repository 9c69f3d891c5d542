// MARK: - Time scaling

extension Scenario {
    /// The same script played `divisor` times faster: the run, every fault time and
    /// duration, and the surges shrink; the quiesce phase, the SLA and the protocols'
    /// timers do not. Agents' shifts shrink too (to at least 1 min), so logins and logouts
    /// still happen in a shortened run; talk times and patience do not. Used by fast tests and `--quick`; a 2 h scenario at 4 runs 30 min.
    public func timeScaled(by divisor: Int64) -> Scenario {
        guard divisor > 1 else { return self }
        var s = self
        func d(_ ms: Int64) -> Int64 { max(1, ms / divisor) }
        s.durationMs = d(durationMs)
        s.callCenter.shiftMs = max(60_000, callCenter.shiftMs / divisor)
        s.workload.surges = workload.surges.map { Surge(startMs: d($0.startMs), endMs: d($0.endMs), factor: $0.factor) }
        s.faults = faults.map { f in
            let action: FaultAction
            switch f.action {
            case .partition(let a, let b, let x): action = .partition(a, b, durationMs: d(x))
            case .oneWay(let a, let b, let x): action = .oneWay(from: a, to: b, durationMs: d(x))
            case .clog(let a, let b, let x): action = .clog(a, b, durationMs: d(x))
            case .flap(let a, let b, let p, let x): action = .flap(a, b, periodMs: p, durationMs: d(x))
            case .crash(let i, let x): action = .crash(i, downMs: x)
            case .rollingRestart(let g, let x): action = .rollingRestart(gapMs: g, downMs: x)
            case .skew, .jump: action = f.action
            case .diskError(let i, let x): action = .diskError(i, durationMs: d(x))
            case .diskFull(let i, let x): action = .diskFull(i, durationMs: d(x))
            }
            return TimedFault(atMs: d(f.atMs), action: action)
        }
        return s
    }
}
