import Testing
import CourtyardCRDT
@testable import CourtyardCallCenter

@Suite struct CampaignRateTests {
    /// Sends as fast as the bucket allows, polling every `stepMs` for `durationMs`; returns
    /// the send instants.
    func drive(rate: Int, stepMs: Int64, durationMs: Int64) -> [Int64] {
        var bucket = TokenBucket(ratePerMinute: rate, nowMs: 0)
        var sent: [Int64] = []
        var now: Int64 = 0
        while now < durationMs {
            while bucket.take(nowMs: now) { sent.append(now) }
            now += stepMs
        }
        return sent
    }

    @Test func bucket_overTenMinutes_sendsAtTheRate_whateverThePolling() {
        for (rate, step) in [(60, Int64(1)), (60, 250), (7, 1_000), (600, 13), (6_000, 7)] {
            let sent = drive(rate: rate, stepMs: step, durationMs: 600_000)
            // one initial token, then `rate` a minute
            #expect(sent.count >= rate * 10 - 1 && sent.count <= rate * 10 + 1, "rate \(rate), step \(step): \(sent.count)")
        }
    }

    @Test func bucket_neverExceedsRatePlusBurst_inAnyMinute() {
        let rate = 120
        let sent = drive(rate: rate, stepMs: 3, durationMs: 300_000)
        let capacity = max(2, rate / 60)
        var lo = 0
        for hi in sent.indices {
            while sent[hi] - sent[lo] >= 60_000 { lo += 1 }
            #expect(hi - lo + 1 <= rate + capacity)
        }
    }

    @Test func bucket_idleTime_banksAtMostCapacity() {
        var bucket = TokenBucket(ratePerMinute: 60, capacity: 5, nowMs: 0)
        var n = 0
        while bucket.take(nowMs: 3_600_000) { n += 1 }
        #expect(n == 5)
    }

    @Test func bucket_nextTokenMs_isWhenTakeSucceeds() {
        var bucket = TokenBucket(ratePerMinute: 7, nowMs: 0)
        let first = bucket.take(nowMs: 0)
        let next = bucket.nextTokenMs(nowMs: 100)
        let early = bucket.take(nowMs: next - 1)
        let onTime = bucket.take(nowMs: next)
        #expect(first && !early && onTime)
    }

    @Test func bucket_clockGoingBack_givesNoTokens() {
        var bucket = TokenBucket(ratePerMinute: 60, nowMs: 10_000)
        let first = bucket.take(nowMs: 10_000)
        let back = bucket.take(nowMs: 0)
        #expect(first && !back)
    }

    // MARK: Window

    /// 2026-03-02 00:00 Beijing time = 2026-03-01T16:00Z.
    let midnightCST: Int64 = 1_772_380_800_000
    let hour: Int64 = 3_600_000

    @Test func window_nightTime_waitsForNineInTheMorning() {
        let w = ScheduleWindow()  // 09:00–20:00 at UTC+8
        #expect(w.nextOpenMs(nowMs: midnightCST + 2 * hour) == midnightCST + 9 * hour)
        #expect(w.isOpen(nowMs: midnightCST + 9 * hour))
        #expect(!w.isOpen(nowMs: midnightCST + 20 * hour))
        #expect(w.nextOpenMs(nowMs: midnightCST + 21 * hour) == midnightCST + 33 * hour)
    }

    @Test func window_absoluteSpan_startsLate_andEnds() {
        let w = ScheduleWindow(notBeforeMs: midnightCST + 10 * hour, notAfterMs: midnightCST + 12 * hour)
        #expect(w.nextOpenMs(nowMs: midnightCST) == midnightCST + 10 * hour)
        #expect(w.nextOpenMs(nowMs: midnightCST + 12 * hour) == nil)
        #expect(w.isOver(nowMs: midnightCST + 12 * hour))
        let evening = ScheduleWindow(notAfterMs: midnightCST + 21 * hour)
        #expect(evening.nextOpenMs(nowMs: midnightCST + 20 * hour) == nil, "the next opening is after the end")
    }

    @Test func window_wrapsOverMidnight_andAlways() {
        let night = ScheduleWindow(dailyFromMinute: 22 * 60, dailyToMinute: 6 * 60)
        #expect(night.isOpen(nowMs: midnightCST + 1 * hour))
        #expect(night.nextOpenMs(nowMs: midnightCST + 7 * hour) == midnightCST + 22 * hour)
        #expect(ScheduleWindow.always.isOpen(nowMs: midnightCST + 3 * hour))
        #expect(ScheduleWindow(dailyFromMinute: 0, dailyToMinute: 1440).isOpen(nowMs: midnightCST + 3 * hour))
    }

    // MARK: Dispatch

    @Test func dispatch_sendsWithinRate_andWakesForNextToken() throws {
        var c = Campaign(id: CampaignID("c1"), site: ReplicaID("north-bay"), name: "x", channel: .sms, template: "{name}",
                         window: .always, ratePerMinute: 60, status: .running, createdAtMs: 0)
        let due = (1...5).map { CampaignMessage(id: .make(c.id, sequence: $0), campaignID: c.id, residentID: "r\($0)",
                                                phone: "+86138000000\($0)0", body: "b", updatedAtMs: 0) }
        var bucket = TokenBucket(ratePerMinute: 60, nowMs: 0)
        let d = CampaignDispatch.decide(c, bucket: &bucket, due: due, nextPendingMs: nil, nowMs: 0)
        #expect(d.send.count == 1 && d.wakeAtMs == 1_000)
        c.status = .paused
        let paused = CampaignDispatch.decide(c, bucket: &bucket, due: due, nextPendingMs: nil, nowMs: 5_000)
        #expect(paused.send.isEmpty)
        c.status = .running
        c.window = ScheduleWindow(notAfterMs: 10)
        let closed = CampaignDispatch.decide(c, bucket: &bucket, due: due, nextPendingMs: nil, nowMs: 10)
        #expect(closed.windowClosed)
    }
}
