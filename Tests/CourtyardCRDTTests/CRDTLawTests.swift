import CourtyardCRDT
import Testing

/// A ticket-like event for `EventSet` histories.
struct NoteEvent: Identifiable, Hashable, Codable, Sendable {
    let id: EventID
    let text: String
}

private let notes = ["厨房水龙头漏水", "电梯故障", "已派工", "师傅已到场", "已修复", "回访满意"]

/// Join laws, delta equivalence, order independence and canonical bytes, for every CRDT type.
@Suite("CRDT laws")
struct CRDTLawTests {
    @Test func versionVector_satisfiesLaws() async {
        await propertyCheckLaws(VersionVector.self) { state, replica, _, arg, _ in
            var delta = VersionVector()
            delta.advance(replica, to: state.increment(replica, by: UInt64(arg)))
            return delta
        }
    }

    @Test func causalContext_satisfiesLaws() async {
        await propertyCheckLaws(CausalContext.self) { state, replica, kind, arg, _ in
            if kind == 2 {
                // Observe a dot of another replica out of order (a gap for the cloud).
                let dot = Dot(replica: sites[arg % sites.count], counter: UInt64(arg + 2))
                state.insert(dot)
                return CausalContext(dots: [dot])
            }
            return CausalContext(dots: [state.nextDot(for: replica)])
        }
    }

    @Test func gCounter_satisfiesLaws() async {
        await propertyCheckLaws(GCounter.self) { state, replica, _, arg, _ in
            state.increment(by: UInt64(arg), replica: replica)
        }
    }

    @Test func pnCounter_satisfiesLaws() async {
        await propertyCheckLaws(PNCounter.self) { state, replica, kind, arg, _ in
            kind == 1 ? state.decrement(by: UInt64(arg), replica: replica)
                      : state.increment(by: UInt64(arg), replica: replica)
        }
    }

    @Test func gSet_satisfiesLaws() async {
        await propertyCheckLaws(GSet<Int>.self) { state, _, kind, arg, _ in
            state.insert(kind * 10 + arg)
        }
    }

    @Test func eventSet_satisfiesLaws() async {
        await propertyCheckLaws(EventSet<NoteEvent>.self) { state, _, _, arg, stamp in
            state.insert(NoteEvent(id: stamp, text: notes[arg]))
        }
    }

    @Test func lwwRegister_satisfiesLaws() async {
        await propertyCheckLaws(LWWRegister<String>.self) { state, _, kind, arg, stamp in
            state.assign("\(notes[arg])-\(kind)", at: stamp)
        }
    }

    @Test func lwwMap_satisfiesLaws() async {
        await propertyCheckLaws(LWWMap<String, Int>.self) { state, _, kind, arg, stamp in
            let field = ["phone", "name", "room"][arg % 3]
            return kind == 2 ? state.remove(field, at: stamp) : state.set(field, to: arg, at: stamp)
        }
    }

    @Test func aworSet_satisfiesLaws() async {
        await propertyCheckLaws(AWORSet<Int>.self) { state, replica, kind, arg, _ in
            switch (kind, arg) {
            case (2, 5): state.removeAll()
            case (2, _): state.remove(arg % 4)
            default: state.insert(arg % 4, by: replica)
            }
        }
    }

    @Test func orMapOfCounters_satisfiesLaws() async {
        await propertyCheckLaws(ORMap<String, PNCounter>.self) { state, replica, kind, arg, _ in
            let key = ["NB-1", "NB-2", "HQ-1"][arg % 3]
            switch kind {
            case 0: return state.apply(key, by: replica) { $0.increment(by: UInt64(arg), replica: replica) }
            case 1: return state.apply(key, by: replica) { $0.decrement(by: 1, replica: replica) }
            default: return state.remove(key)
            }
        }
    }

    @Test func orMapOfSets_satisfiesLaws() async {
        await propertyCheckLaws(ORMap<Int, AWORSet<Int>>.self) { state, replica, kind, arg, _ in
            switch kind {
            case 0: return state.apply(arg % 2, by: replica) { $0.insert(arg, by: replica) }
            case 1: return state.apply(arg % 2, by: replica) { $0.remove(arg) }
            default: return state.remove(arg % 2)
            }
        }
    }

    @Test func orMapOfEventSets_satisfiesLaws() async {
        await propertyCheckLaws(ORMap<String, EventSet<NoteEvent>>.self) { state, replica, kind, arg, stamp in
            let ticket = ["NB-2026-000001", "HQ-2026-000001"][kind % 2]
            if kind == 2 && arg == 5 { return state.remove(ticket) }
            return state.apply(ticket, by: replica) { $0.insert(NoteEvent(id: stamp, text: notes[arg])) }
        }
    }
}
