// TEMPORARY: stand-ins for domain functions being written on other branches (tickets,
// directory). Deleted when those land on main; duplicate-definition errors will say so.
import CourtyardCRDT
import CourtyardDomain

public struct TicketTransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension TicketState {
    public static func fold(_ events: [TicketEvent]) -> TicketState? {
        let sorted = events.sorted { $0.id < $1.id }
        guard let first = sorted.first(where: { if case .created = $0.body { true } else { false } }),
              case .created(let c) = first.body else { return nil }
        var s = TicketState(id: first.ticketID, created: c, createdBy: first.actor, createdAtMs: first.id.hlc.wallMs,
                            updatedAtMs: first.id.hlc.wallMs, status: .open, assignee: nil, department: nil,
                            escalationLevel: 0, warnedLevel: 0, satisfaction: nil, children: [], resolvedAtMs: nil,
                            closedAtMs: nil, suspendedMs: 0, suspendedSinceMs: nil, timeline: [], conflicts: [],
                            frontier: [], eventCount: 0)
        for e in sorted {
            let t = e.id.hlc.wallMs
            s.updatedAtMs = max(s.updatedAtMs, t)
            s.eventCount += 1
            s.frontier = [e.id]
            var newStatus: TicketStatus?
            switch e.body {
            case .created: newStatus = .open
            case .assigned(let a), .reassigned(let a):
                s.assignee = a.assignee; s.department = a.department; newStatus = .dispatched
            case .accepted: newStatus = .accepted
            case .arrived: newStatus = .onSite
            case .suspended: newStatus = .suspended
            case .resumed: newStatus = .accepted
            case .resolved: newStatus = .resolved; s.resolvedAtMs = t
            case .callback(let r): s.satisfaction = r.satisfaction
            case .childOpened(let l): s.children.append(l)
            case .warned(let m): s.warnedLevel = max(s.warnedLevel, m.level)
            case .escalated(let m): s.escalationLevel = max(s.escalationLevel, m.level)
            case .closed: newStatus = .closed; s.closedAtMs = t
            case .cancelled: newStatus = .cancelled
            case .note: break
            }
            if let st = newStatus {
                s.status = st
                s.timeline.append(TimelineStep(status: st, department: s.department, assignee: s.assignee,
                                               sinceMs: t, eventID: e.id))
            }
        }
        return s
    }

    public func validate(_ body: TicketEventBody, actor: String) throws(TicketTransitionError) {
        let ok: Bool
        switch body {
        case .created: ok = false
        case .assigned, .reassigned: ok = [.open, .dispatched, .accepted].contains(status)
        case .accepted: ok = status == .dispatched
        case .arrived: ok = status == .accepted
        case .note, .warned, .escalated, .childOpened: ok = status != .closed && status != .cancelled
        case .suspended: ok = [.accepted, .onSite].contains(status)
        case .resumed: ok = status == .suspended
        case .resolved: ok = [.accepted, .onSite].contains(status)
        case .callback: ok = status == .resolved
        case .closed: ok = status == .resolved
        case .cancelled: ok = status != .closed && status != .cancelled
        }
        if !ok { throw TicketTransitionError(message: "cannot apply '\(body.kind)' to a ticket that is \(status.rawValue)") }
    }
}

public struct TicketDraftError: Error, Sendable, Hashable {
    public var field: String
    public var message: String
}

public struct TicketDraft: Sendable, Hashable {
    public var category: TicketCategory
    public var consultationTopic: ConsultationTopic?
    public var warranty: WarrantyStatus?
    public var priority: TicketPriority
    public var channel: IntakeChannel
    public var title: String
    public var description: String
    public var residentID: String?
    public var roomID: String?
    public var buildingID: String?
    public var callerPhone: String?
    public var parentTicketID: TicketID?
    public var callID: String?
    public var recordingID: String?

    public init(category: TicketCategory, priority: TicketPriority = .ordinary, channel: IntakeChannel = .phone,
                title: String, description: String = "", residentID: String? = nil, roomID: String? = nil,
                buildingID: String? = nil, callerPhone: String? = nil, parentTicketID: TicketID? = nil) {
        self.category = category; self.priority = priority; self.channel = channel; self.title = title
        self.description = description; self.residentID = residentID; self.roomID = roomID
        self.buildingID = buildingID; self.callerPhone = callerPhone; self.parentTicketID = parentTicketID
    }

    public func validate() -> [TicketDraftError] {
        var errors: [TicketDraftError] = []
        if title.isEmpty { errors.append(.init(field: "title", message: "must not be empty")) }
        if title.count > 200 { errors.append(.init(field: "title", message: "at most 200 characters")) }
        if description.count > 10_000 { errors.append(.init(field: "description", message: "at most 10000 characters")) }
        return errors
    }

    public func created(number: TicketNumber, site: ReplicaID) -> TicketCreated {
        TicketCreated(number: number, site: site, category: category, consultationTopic: consultationTopic,
                      warranty: warranty, priority: priority, channel: channel, title: title,
                      description: description, residentID: residentID, roomID: roomID, buildingID: buildingID,
                      callerPhone: callerPhone, parentTicketID: parentTicketID, callID: callID, recordingID: recordingID)
    }
}

public enum PhoneNumber {
    public static func normalize(_ raw: String) -> String? {
        var digits = String(raw.unicodeScalars.filter { $0.properties.numericType != nil && $0.isASCII }.map(Character.init))
        if digits.hasPrefix("86"), digits.count == 13 { digits.removeFirst(2) }
        guard (5...15).contains(digits.count) else { return nil }
        return digits
    }
}

public enum DispatchRules {
    public static func match(_ rules: [DispatchRule], building: String?, category: TicketCategory) -> DispatchRule? {
        let c = rules.filter { $0.category == category && ($0.building == nil || $0.building == building) }
            .sorted { ($0.building == nil ? 1 : 0, $0.id) < ($1.building == nil ? 1 : 0, $1.id) }
        return c.first
    }
}

public enum EscalationPlanner {
    public static let deadlinesMs: [Int64] = [30 * 60_000, 60 * 60_000, 120 * 60_000]
    public static func due(_ s: TicketState, nowMs: Int64) -> [TicketEventBody] {
        guard ![.resolved, .closed, .cancelled].contains(s.status) else { return [] }
        var out: [TicketEventBody] = []
        for (i, d) in deadlinesMs.enumerated() {
            let level = i + 1, due = s.createdAtMs + d
            if nowMs >= due - 5 * 60_000, s.warnedLevel < level, s.escalationLevel < level {
                out.append(.warned(EscalationMark(level: level, deadline: .completion, dueAtMs: due, notify: "l\(level)")))
            }
            if nowMs >= due, s.escalationLevel < level {
                out.append(.escalated(EscalationMark(level: level, deadline: .completion, dueAtMs: due, notify: "l\(level)")))
            }
        }
        return out
    }
    public static func nextCheckMs(_ s: TicketState, nowMs: Int64) -> Int64? {
        guard ![.resolved, .closed, .cancelled].contains(s.status) else { return nil }
        return deadlinesMs.flatMap { [s.createdAtMs + $0 - 5 * 60_000, s.createdAtMs + $0] }.filter { $0 > nowMs }.min()
    }
}

public enum ImportKind: String, CaseIterable, Sendable, Codable { case residents, rooms, occupancies, suppliers, fixtures, cases, dispatchRules }
public struct ImportRowError: Sendable, Hashable { public var line: Int; public var field: String; public var message: String }
public struct ImportPlan: Sendable {
    public var batch: DirectoryBatch
    public var errors: [ImportRowError]
    public var rowCount: Int
    public static func parse(kind: ImportKind, text: String, site: ReplicaID) -> ImportPlan {
        var batch = DirectoryBatch(); var errors: [ImportRowError] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }.filter { !$0.isEmpty }
        guard let header = lines.first else { return ImportPlan(batch: batch, errors: [.init(line: 1, field: "header", message: "empty file")], rowCount: 0) }
        let cols = header.split(separator: ",").map(String.init)
        for (i, line) in lines.dropFirst().enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == cols.count else { errors.append(.init(line: i + 2, field: "row", message: "expected \(cols.count) fields, got \(f.count)")); continue }
            if kind == .residents {
                guard let p = PhoneNumber.normalize(f[2]) else { errors.append(.init(line: i + 2, field: "phone", message: "not a phone number")); continue }
                batch.residents.append(Resident(id: f[0], site: site, name: f[1], phones: [p]))
            }
        }
        return ImportPlan(batch: batch, errors: errors, rowCount: max(lines.count - 1, 0))
    }
}
