import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Testing

/// CJK-aware full-text search over tickets (DESIGN §4).
@Suite("Ticket search")
struct TicketSearchTests {
    let kitchen = TicketScript(createdAtMs: 1_000)
    let lift = TicketScript(createdAtMs: 2_000)
    let gate = TicketScript(createdAtMs: 3_000)
    let bath = TicketScript(createdAtMs: 4_000)

    private func seeded(_ kind: DatabaseKind) async throws -> GRDBTicketStore {
        let store = try TestDatabase(kind).tickets
        _ = try await store.append(chained([
            kitchen.created(sequence: 1, title: "厨房水龙头漏水", description: "住户说晚上滴水不停"),
            lift.created(sequence: 2, title: "3号楼 电梯停运", description: "困人,已通知维保",
                         category: .publicFacilityRepair),
            gate.created(sequence: 3, title: "A栋门禁无法刷卡", description: "Card reader offline"),
            bath.created(sequence: 4, title: "卫生间地漏堵塞", description: ""),
            bath.note(afterMs: 5, "已更换密封圈"),
            bath.event(afterMs: 9, .resolved(Resolution(summary: "疏通下水管道"))),
        ]))
        return store
    }

    private func search(_ store: GRDBTicketStore, _ text: String) async throws -> [TicketID] {
        try await store.searchTickets(text, limit: 20).map(\.id)
    }

    @Test(arguments: DatabaseKind.allCases)
    func twoCharacterQuery_findsSubstringInsideLongerChineseRun(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await search(store, "漏水") == [kitchen.ticketID])
        #expect(try await search(store, "龙头") == [kitchen.ticketID])
    }

    @Test(arguments: DatabaseKind.allCases)
    func longerQuery_matchesOnlyContiguousSubstring(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await search(store, "水龙头漏水") == [kitchen.ticketID])
        // Every bigram of 水头龙 is absent or not adjacent: no false positive.
        #expect(try await search(store, "水头龙").isEmpty)
        #expect(try await search(store, "厨房漏水").isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func singleCharacterQuery_findsEveryOccurrence(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        // 漏 is inside a run (厨房水龙头漏水) and inside 地漏堵塞; 水 also ends a run (漏水).
        #expect(Set(try await search(store, "漏")) == [kitchen.ticketID, bath.ticketID])
        #expect(Set(try await search(store, "水")) == [kitchen.ticketID, bath.ticketID])
        #expect(try await search(store, "梯") == [lift.ticketID])
    }

    @Test(arguments: DatabaseKind.allCases)
    func mixedScriptQueries_findChineseWithDigitsAndLatin(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await search(store, "3号楼 电梯") == [lift.ticketID])
        #expect(try await search(store, "3号楼") == [lift.ticketID])
        #expect(try await search(store, "A栋") == [gate.ticketID])
        #expect(try await search(store, "a栋门禁") == [gate.ticketID])
        #expect(try await search(store, "card READER") == [gate.ticketID])
        #expect(try await search(store, "４号楼").isEmpty)  // full-width digit normalised, then no match
        #expect(try await search(store, "３号楼") == [lift.ticketID])
    }

    @Test(arguments: DatabaseKind.allCases)
    func notesAndResolutionsAndNumbers_areSearchable(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await search(store, "密封圈") == [bath.ticketID])
        #expect(try await search(store, "下水管") == [bath.ticketID])
        #expect(try await search(store, "NB-2026-000002") == [lift.ticketID])
    }

    @Test(arguments: DatabaseKind.allCases)
    func ftsSyntaxInQuery_isLiteralAndNeverAnSQLError(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        let hostile = ["\"", "\"漏水", "漏水\"", "*", "漏*", "AND", "OR", "NOT", "NEAR(", "(", ")", ":", "title:漏水",
                       "漏水 AND", "^漏水", "-漏水", "'; DROP TABLE ticket; --", "{title}: 漏水", "\"\"\"", "a OR b",
                       "漏水 NOT 厨房", ""]
        for query in hostile {
            _ = try await store.searchTickets(query, limit: 10)
        }
        #expect(try await search(store, "title:漏水") == [])  // "title" is a word that no ticket contains
        #expect(try await search(store, "\"漏水\"") == [kitchen.ticketID])
        #expect(try await search(store, "(漏水)") == [kitchen.ticketID])
        #expect(try await search(store, "漏水 NOT").isEmpty)  // NOT is a literal word here
        #expect(try await store.eventCount() == 6)
    }

    @Test(arguments: DatabaseKind.allCases)
    func tooLongQuery_throwsTypedError(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        let long = String(repeating: "漏", count: 201)
        await #expect(throws: StorageError.self) { try await store.searchTickets(long, limit: 10) }
    }

    @Test(arguments: DatabaseKind.allCases)
    func ranking_isRelevanceThenRecency(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let older = TicketScript(createdAtMs: 1_000)
        let newer = TicketScript(createdAtMs: 2_000)
        let titleHit = TicketScript(createdAtMs: 500)
        _ = try await store.append([
            older.created(sequence: 1, title: "维修", description: "阳台漏水"),
            newer.created(sequence: 2, title: "维修", description: "阳台漏水"),
            titleHit.created(sequence: 3, title: "漏水", description: "阳台"),
        ])
        // The title match ranks first (title weighs more); equal matches: newest first.
        #expect(try await search(store, "漏水") == [titleHit, newer, older].map(\.ticketID))
    }

    @Test(arguments: DatabaseKind.allCases)
    func searchAfterUpdate_reflectsNewNotesOnly_once(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        _ = try await store.append([kitchen.note(afterMs: 50, "更换阀芯")])
        #expect(try await search(store, "阀芯") == [kitchen.ticketID])
        #expect(try await search(store, "漏水") == [kitchen.ticketID])
    }
}
