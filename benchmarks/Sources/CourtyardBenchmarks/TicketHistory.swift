import CourtyardCRDT
import CourtyardDomain

/// Builds deterministic, causally chained ticket histories for the benchmarks: each event's
/// parent is the previous one, as a writer that saw everything would record.
enum TicketHistory {
    static let site = ReplicaID("bench")

    /// The first `count` events (at most 20) of a full lifecycle: created, assigned, accepted,
    /// arrived, eleven progress notes, suspended, resumed, resolved, callback, closed.
    static func lifecycle(createdAtMs: Int64, sequence: Int, count: Int,
                          title: String = "厨房水龙头漏水", description: String = "住户说晚上滴水不停") -> [TicketEvent] {
        precondition((1...20).contains(count), "a lifecycle has 1 to 20 events")
        var bodies: [TicketEventBody] = [
            .created(created(sequence: sequence, title: title, description: description)),
            .assigned(Assignment(assignee: "eng-007", department: "工程部", mode: .assign)),
            .accepted,
            .arrived,
        ]
        for i in 1...11 {
            bodies.append(.note(ProgressNote(text: "第\(i)次进展：已检查管道接口，更换密封圈。")))
        }
        bodies += [
            .suspended(Suspension(reason: "等待配件")),
            .resumed,
            .resolved(Resolution(summary: "已更换水龙头，业主现场确认。")),
            .callback(CallbackResult(satisfaction: .score(5), comment: "师傅很专业")),
            .closed(Closure(residentConfirmed: true)),
        ]
        return chain(Array(bodies.prefix(count)), createdAtMs: createdAtMs)
    }

    /// A ticket's `created` event followed by one progress note.
    static func withNote(createdAtMs: Int64, sequence: Int, title: String, description: String,
                         note: String) -> [TicketEvent] {
        chain([
            .created(created(sequence: sequence, title: title, description: description)),
            .note(ProgressNote(text: note)),
        ], createdAtMs: createdAtMs)
    }

    // MARK: Building blocks

    static func created(sequence: Int, title: String, description: String) -> TicketCreated {
        TicketCreated(number: TicketNumber(siteCode: "BN", year: 2026, sequence: sequence), site: site,
                      category: .repair, warranty: .inWarranty, priority: .ordinary, channel: .phone,
                      title: title, description: description, residentID: "res-\(sequence % 997)",
                      roomID: "room-\(sequence % 311)", buildingID: "3", callerPhone: "+8613812345678")
    }

    /// Events one second apart from `createdAtMs`, each the child of the previous one.
    static func chain(_ bodies: [TicketEventBody], createdAtMs: Int64) -> [TicketEvent] {
        let ticketID = TicketID(site: site, hlc: HLCTimestamp(wallMs: createdAtMs))
        var events: [TicketEvent] = []
        for (i, body) in bodies.enumerated() {
            let id = EventID(hlc: HLCTimestamp(wallMs: createdAtMs + Int64(i) * 1_000), origin: site)
            let actor = i == 0 ? "agent-1" : "eng-007"
            events.append(TicketEvent(id: id, ticketID: ticketID, actor: actor,
                                      parents: events.last.map { [$0.id] } ?? [], body: body))
        }
        return events
    }
}
