import Testing
import CourtyardCRDT
@testable import CourtyardCallCenter

@Suite struct CampaignLifecycleTests {
    func campaign(_ status: CampaignStatus = .draft) -> Campaign {
        Campaign(id: CampaignID("c1"), site: ReplicaID("north-bay"), name: "通知", channel: .sms, template: "{name}",
                 status: status, createdAtMs: 0)
    }

    func message(_ state: MessageState = .queued, attempts: Int = 0) -> CampaignMessage {
        CampaignMessage(id: .make(CampaignID("c1"), sequence: 1), campaignID: CampaignID("c1"), residentID: "r1",
                        phone: "+8613812345678", body: "张伟", state: state, attempts: attempts, updatedAtMs: 0)
    }

    // MARK: Campaign status

    @Test func status_transitions_followTheTable() throws {
        #expect(try campaign(.draft).status(after: .start) == .running)
        #expect(try campaign(.paused).status(after: .start) == .running)
        #expect(try campaign(.running).status(after: .pause) == .paused)
        #expect(try campaign(.paused).status(after: .cancel) == .cancelled)
        for (status, command) in [(CampaignStatus.running, CampaignCommand.start), (.draft, .pause), (.completed, .cancel),
                                  (.cancelled, .start), (.completed, .start), (.paused, .pause)] {
            #expect(throws: CampaignError.self, "\(command) from \(status)") { try campaign(status).status(after: command) }
        }
    }

    // MARK: Message lifecycle

    @Test func message_acceptedThenDelivered() throws {
        let retry = RetryPolicy()
        let sending = try message().beginningAttempt(nowMs: 10)
        #expect(sending.state == .sending && sending.attempts == 1)
        let sent = try sending.applying(.accepted(providerMessageID: "p-1"), retry: retry, nowMs: 11)
        #expect(sent.state == .sent && sent.providerMessageID == "p-1")
        let delivered = try sent.applying(receipt: .delivered, detail: nil, nowMs: 12)
        #expect(delivered.state == .delivered)
        #expect(try delivered.applying(receipt: .delivered, detail: nil, nowMs: 13) == delivered, "a repeated receipt is a no-op")
        #expect(throws: CampaignError.self) { try delivered.applying(receipt: .failed, detail: nil, nowMs: 13) }
        #expect(throws: CampaignError.self) { try message().applying(receipt: .delivered, detail: nil, nowMs: 13) }
    }

    @Test func message_rejected_failsAtOnce_withReason() throws {
        let m = try message().beginningAttempt(nowMs: 0).applying(.rejected(detail: "invalid number"), retry: RetryPolicy(), nowMs: 1)
        #expect(m.state == .failed && m.failure == .rejected && m.detail == "invalid number")
        #expect(throws: CampaignError.self) { try m.beginningAttempt(nowMs: 2) }
    }

    @Test func message_transient_retriesWithBackoff_thenFailsAfterAttemptsMax() throws {
        let retry = RetryPolicy(attemptsMax: 3, baseDelayMs: 1_000, maxDelayMs: 3_000)
        var m = message()
        var now: Int64 = 0
        var waits: [Int64] = []
        while m.state != .failed {
            m = try m.beginningAttempt(nowMs: now).applying(.transient(detail: "503"), retry: retry, nowMs: now)
            if m.state == .queued { waits.append(m.nextAttemptAtMs - now); now = m.nextAttemptAtMs }
        }
        #expect(m.attempts == 3)
        #expect(m.failure == .retriesExhausted)
        #expect(waits == [1_000, 2_000])
    }

    @Test func message_crashWhileSending_resumesSameAttempt() throws {
        let sending = try message().beginningAttempt(nowMs: 0)
        let again = try sending.beginningAttempt(nowMs: 5)
        #expect(again.attempts == 1 && again.id == sending.id)
    }

    @Test func retry_delay_isCapped_andNeverOverflows() {
        let r = RetryPolicy(attemptsMax: 10, baseDelayMs: 30_000, maxDelayMs: 600_000)
        #expect(r.delayMs(afterAttempts: 1) == 30_000)
        #expect(r.delayMs(afterAttempts: 5) == 480_000)
        #expect(r.delayMs(afterAttempts: 6) == 600_000)
        #expect(r.delayMs(afterAttempts: 1_000) == 600_000)
    }

    @Test func failing_onlyUnsentMessages() throws {
        #expect(try message().failing(.optedOut, nowMs: 1).failure == .optedOut)
        #expect(throws: CampaignError.self) { try message(.sent).failing(.cancelled, nowMs: 1) }
    }
}
