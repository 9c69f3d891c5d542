import CourtyardDomain

// MARK: - The calls a site owns

/// A waiting call's place: emergencies first, then by arrival, then by id (as
/// `QueuedCall.precedes`). Small, so keeping and comparing them is cheap.
struct WaitKey: Hashable, Sendable, Comparable {
    let emergency: Bool
    let arrivedMs: Int64
    let call: CallID
    /// The call's queue slot.
    let slot: Int
    /// The call had a sticky agent when it (re)joined the queue: routing must look at it even
    /// when its queue has nothing else to offer. (A hint: the agent may have been cleared since.)
    let sticky: Bool
    /// Kept equal to the call's `lastAnnouncedMs`, so announcements scan the order alone.
    fileprivate(set) var lastAnnouncedMs: Int64

    init(_ c: QueuedCall) {
        emergency = c.emergency
        arrivedMs = c.arrivedMs
        call = c.call
        slot = c.slot
        sticky = c.stickyAgent != nil
        lastAnnouncedMs = c.lastAnnouncedMs
    }

    static func < (a: WaitKey, b: WaitKey) -> Bool {
        if a.emergency != b.emergency { return a.emergency }
        return (a.arrivedMs, a.call) < (b.arrivedMs, b.call)
    }

    /// Same place (the sticky hint is not part of it).
    func samePlace(_ b: WaitKey) -> Bool { call == b.call && arrivedMs == b.arrivedMs && emergency == b.emergency }
}

/// The calls a site owns, by id, with each queue's waiting calls kept in service order as
/// calls arrive, change phase and leave: routing, positions and wait timers read the order
/// instead of sorting every call on every input. Every change goes through `insert`,
/// `remove` and `update`, which keep the order true.
public struct CallTable: Hashable, Sendable {
    public private(set) var byID: [CallID: QueuedCall] = [:]
    /// Per queue slot (the queue's index in `ACDConfiguration.queues`), its waiting calls in
    /// service order.
    private(set) var waiting: [[WaitKey]]
    /// Calls ringing local agents or asked of a remote site: the ones an offer timer can touch.
    private(set) var inFlight: Set<CallID> = []

    init(queueCount: Int) {
        waiting = Array(repeating: [], count: queueCount)
    }

    public subscript(id: CallID) -> QueuedCall? { byID[id] }
    public var values: Dictionary<CallID, QueuedCall>.Values { byID.values }
    public var keys: Dictionary<CallID, QueuedCall>.Keys { byID.keys }
    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }

    /// Waiting calls of the queue in `slot`, in service order.
    func waitingKeys(slot: Int) -> [WaitKey] { waiting[slot] }

    /// The number of waiting calls of `slot` served before `call` (its place minus one).
    func waitingAhead(of call: QueuedCall) -> Int { waiting[call.slot].lowerBound(of: WaitKey(call)) }

    // MARK: Changes

    /// Adds a call not yet in the table.
    mutating func insert(_ call: QueuedCall) {
        precondition(byID[call.call] == nil, "call \(call.call) is already in the table")
        byID[call.call] = call
        if call.phase == .waiting { addWaiting(call) }
        if call.phase.inFlight { inFlight.insert(call.call) }
    }

    /// Removes a call; returns it.
    @discardableResult
    mutating func remove(_ id: CallID) -> QueuedCall? {
        guard let call = byID.removeValue(forKey: id) else { return nil }
        if call.phase == .waiting { removeWaiting(call) }
        inFlight.remove(id)
        return call
    }

    /// Records that the waiting call at `index` of `slot`'s order heard its position.
    mutating func markAnnounced(slot: Int, index: Int, nowMs: Int64) {
        let id = waiting[slot][index].call
        waiting[slot][index].lastAnnouncedMs = nowMs
        byID[id]?.lastAnnouncedMs = nowMs
    }

    /// Changes a call in place (phase, sticky agent, announcements); a no-op for an unknown id.
    mutating func update(_ id: CallID, _ body: (inout QueuedCall) -> Void) {
        guard var call = byID[id] else { return }
        let before = call
        body(&call)
        precondition(call.call == id && call.slot == before.slot, "a call's id and queue do not change")
        byID[id] = call
        let was = before.phase == .waiting, now = call.phase == .waiting
        if was && !now { removeWaiting(before) }
        if !was && now { addWaiting(call) }
        if was && now && call.lastAnnouncedMs != before.lastAnnouncedMs {
            let i = waiting[call.slot].lowerBound(of: WaitKey(call))
            waiting[call.slot][i].lastAnnouncedMs = call.lastAnnouncedMs
        }
        if call.phase.inFlight { inFlight.insert(id) } else { inFlight.remove(id) }
    }

    private mutating func addWaiting(_ call: QueuedCall) {
        let key = WaitKey(call)
        waiting[call.slot].insert(key, at: waiting[call.slot].lowerBound(of: key))
    }

    private mutating func removeWaiting(_ call: QueuedCall) {
        let key = WaitKey(call)
        let i = waiting[call.slot].lowerBound(of: key)
        precondition(i < waiting[call.slot].count && waiting[call.slot][i].samePlace(key),
                     "waiting call \(call.call) missing from its queue's order")
        waiting[call.slot].remove(at: i)
    }


    /// Violations of "the order holds exactly the waiting calls, sorted": empty when sound.
    /// Tests and the simulator's checker call it.
    public func orderViolations() -> [String] {
        var out: [String] = []
        var seen = 0
        for (slot, keys) in waiting.enumerated() {
            for (i, key) in keys.enumerated() {
                if i > 0, !(keys[i - 1] < key) { out.append("queue slot \(slot): \(keys[i - 1].call) not before \(key.call)") }
                guard let c = byID[key.call], c.phase == .waiting, c.slot == slot, WaitKey(c).samePlace(key),
                      c.lastAnnouncedMs == key.lastAnnouncedMs else {
                    out.append("queue slot \(slot): \(key.call) in the order but not waiting there")
                    continue
                }
            }
            seen += keys.count
        }
        let expected = byID.values.lazy.filter { $0.phase == .waiting }.count
        if expected != seen { out.append("\(expected) waiting calls, \(seen) in the order") }
        let flying = Set(byID.values.filter(\.phase.inFlight).map(\.call))
        if flying != inFlight { out.append("in-flight set \(inFlight.sorted()) but ringing or remote: \(flying.sorted())") }
        return out
    }
}

extension CallPhase {
    /// Ringing local agents or asked of a remote site.
    var inFlight: Bool {
        switch self {
        case .ringing, .remote: true
        case .waiting, .connected: false
        }
    }
}
