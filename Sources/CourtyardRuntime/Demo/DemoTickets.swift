import CourtyardDomain

extension DemoGenerator {
    /// A few hundred tickets spread over the last 90 days: older ones mostly closed with a
    /// callback, recent ones at every stage, a few left overdue so escalation has work.
    mutating func makeTickets() -> [DemoTicketScript] {
        let dayMs: Int64 = 86_400_000
        let minuteMs: Int64 = 60_000
        let totalWeight = DemoVocabulary.problems.reduce(0) { $0 + $1.weight }
        var scripts: [DemoTicketScript] = []
        let occupancyByRoom = Dictionary(grouping: batch.occupancies, by: \.roomID)
        let residentByID = Dictionary(uniqueKeysWithValues: batch.residents.map { ($0.id, $0) })
        for i in 0..<DemoSite.ticketCount {
            // Spread over 90 days, denser recently; office-hours bias.
            let ageDays = Int64(i < 40 ? int(0...2) : int(0...89))
            let hour = Int64(chance(80) ? int(8...20) : int(0...23))
            var created = nowMs - ageDays * dayMs - Int64(int(0...(24 * 60 - 1))) * minuteMs
            created = created - created % dayMs + hour * 3_600_000 + Int64(int(0...59)) * minuteMs
            if created >= nowMs { created = nowMs - Int64(int(5...600)) * minuteMs }

            var roll = int(0...(totalWeight - 1))
            var problem = DemoVocabulary.problems[0]
            for p in DemoVocabulary.problems {
                if roll < p.weight { problem = p; break }
                roll -= p.weight
            }
            let room = pick(batch.rooms)
            let occupant = occupancyByRoom[room.id]?.first.flatMap { residentByID[$0.residentID] }
            var script = DemoTicketScript(
                createdAtMs: created, category: problem.category, priority: problem.priority,
                channel: chance(75) ? .phone : pick([.ivr, .app, .web, .walkIn, .chat]),
                title: problem.roomScoped ? problem.title : "\(room.building)\(problem.title)",
                description: problem.description,
                residentID: occupant?.id, roomID: problem.roomScoped ? room.id : nil,
                building: room.building, callerPhone: occupant?.phones.first, steps: [])
            script.steps = lifecycle(for: problem, createdAtMs: created, ageDays: Int(ageDays))
            scripts.append(script)
        }
        return scripts.sorted { $0.createdAtMs < $1.createdAtMs }
    }

    private func lifecycle(for problem: DemoVocabulary.Problem, createdAtMs: Int64,
                           ageDays: Int) -> [(atMs: Int64, step: DemoTicketScript.Step)] {
        let minuteMs: Int64 = 60_000
        var t = createdAtMs
        var steps: [(atMs: Int64, step: DemoTicketScript.Step)] = []
        func next(_ lo: Int, _ hi: Int) -> Int64 {
            t += Int64(int(lo...hi)) * minuteMs
            return t
        }
        // How far it got: old tickets are finished; recent ones stop anywhere.
        let stage = ageDays >= 3 ? (chance(93) ? 7 : int(2...6)) : int(0...7)
        let staff = DemoVocabulary.staff.filter { $0.department == Self.department(for: problem.category) }
        let who = pick(staff)
        if stage >= 1 { steps.append((next(1, 10), .assign(assignee: who.id, department: who.department))) }
        if stage >= 2 { steps.append((next(1, 15), .accept)) }
        if stage >= 3 { steps.append((next(5, 40), .arrive)) }
        if stage >= 4 { steps.append((next(5, 30), .note("已到现场检查，正在处理。"))) }
        if stage >= 5 { steps.append((next(5, 90), .resolve("已处理完毕，业主现场确认。"))) }
        if stage >= 6 {
            let score = chance(6) ? nil : pick([5, 5, 5, 4, 4, 3, 2])
            steps.append((next(60, 1440), .callback(score: score, needsFollowUp: score == nil)))
        }
        if stage >= 7, case .callback(let score, _)? = steps.last?.step, score != nil {
            steps.append((next(1, 10), .close))
        }
        return steps.filter { $0.atMs < nowMs }
    }

    /// The department that works a category in the demo company.
    static func department(for category: TicketCategory) -> String {
        switch category {
        case .repair, .publicFacilityRepair: "工程部"
        case .emergency, .neighbourDispute: "秩序部"
        case .feePayment: "财务部"
        case .complaint, .suggestion, .consultation, .booking, .communityEvent, .listing, .insuranceClaim,
             .salesInquiry, .praise: "客服部"
        }
    }
}
