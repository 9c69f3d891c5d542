import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Testing

/// Acknowledged writes survive a crash; nothing half-written appears. A real `courtyard node`
/// process takes a stream of concurrent writes over HTTP and is killed with SIGKILL in the
/// middle of it, then restarted on the same data directory.
@Suite(.serialized) struct CrashSafetyTests {
    actor Acks {
        var tickets: [String] = []
        var events: [(ticket: String, kind: String)] = []
        func ticket(_ id: String) { tickets.append(id) }
        func event(_ ticket: String, _ kind: String) { events.append((ticket, kind)) }
        var ticketCount: Int { tickets.count }
        var stopped = false
        func stop() { stopped = true }
    }

    @Test func sigkill_midStream_keepsEveryAcknowledgedWrite_andNothingHalfWritten() async throws {
        let dir = try temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["node", "--site", "crash-site", "--data", dir.path, "--http", "127.0.0.1:0", "--log-level", "warning"]

        let first = try NodeProcess(arguments: args, dataDirectory: dir)
        let http = TestHTTP(base: "http://" + (try await first.waitForHTTPAddress()))
        let acks = Acks()

        // Four writers: each creates tickets and dispatches them, recording only what the
        // node acknowledged (2xx) before answering.
        // Writers stop on a flag, not on task cancellation: cancelling an in-flight
        // URLSession request deadlocks in swift-corelibs-foundation on Linux.
        let writers = Task {
            await withTaskGroup(of: Void.self) { group in
                for w in 0..<4 {
                    group.addTask {
                        for i in 0..<10_000 {
                            guard await !acks.stopped else { return }
                            let body: [String: Any] = [
                                "category": "repair", "priority": "ordinary", "channel": "phone",
                                "title": "厨房水龙头漏水 \(w)-\(i)", "description": "写入流 \(w)-\(i)",
                            ]
                            guard let (status, data) = try? await http.request("POST", "/api/v1/tickets", json: body),
                                  status == 201, let obj = try? http.object(data), let id = obj["id"] as? String
                            else { continue }
                            await acks.ticket(id)
                            let assign: [String: Any] = ["type": "assigned", "assignee": "tech-\(w)", "department": "工程部"]
                            if let (s, _) = try? await http.request("POST", "/api/v1/tickets/\(id)/events", json: assign),
                               s == 201 {
                                await acks.event(id, "assigned")
                            }
                        }
                    }
                }
            }
        }

        try await NodeProcess.waitUntil(timeout: .seconds(120), "40 acknowledged tickets") {
            await acks.ticketCount >= 40
        }
        first.kill(signal: SIGKILL)
        await acks.stop()
        await writers.value

        let ackedTickets = await acks.tickets
        let ackedEvents = await acks.events
        #expect(ackedTickets.count >= 40)

        // Restart on the same data: every acknowledged write is there.
        let second = try NodeProcess(arguments: args, dataDirectory: dir)
        let http2 = TestHTTP(base: "http://" + (try await second.waitForHTTPAddress()))
        for id in ackedTickets {
            let (status, _) = try await http2.request("GET", "/api/v1/tickets/\(id)")
            #expect(status == 200, "acknowledged ticket \(id) lost")
        }
        for (id, kind) in ackedEvents {
            let (status, data) = try await http2.request("GET", "/api/v1/tickets/\(id)/events")
            #expect(status == 200)
            #expect(String(decoding: data, as: UTF8.self).contains("\"\(kind)\""), "acknowledged \(kind) of \(id) lost")
        }
        second.terminateAndWait()

        // Nothing half-written: the database is intact and every materialised ticket equals
        // the fold of its logged events, and every logged ticket has its view.
        let db = try AppDatabase.open(directory: dir)
        #expect(try db.integrityCheck() == ["ok"])
        let store = GRDBTicketStore(database: db)
        var offset = 0
        var seen = 0
        while true {
            let page = try await store.tickets(TicketQuery(limit: TicketQuery.limitMax, offset: offset))
            for ticket in page.tickets {
                let events = try await store.events(of: ticket.id)
                #expect(TicketState.fold(events) == ticket, "view of \(ticket.id) differs from its log")
            }
            seen += page.tickets.count
            offset += page.tickets.count
            if page.tickets.isEmpty || offset >= page.total { break }
        }
        #expect(seen >= ackedTickets.count)
    }
}
