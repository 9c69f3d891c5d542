import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

@Suite struct CampaignRunnerTests {
    @Test func create_dryRun_returnsAudienceAndPreview_storesNothing() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 12)
        let runner = h.runner()
        let dry = try await runner.create(h.request(), dryRun: true)
        #expect(dry.audienceSize == 12)
        #expect(dry.preview.count == CampaignLimits.previewMax)
        #expect(dry.preview[0].body == "住户1您好，1栋1单元101明日停水")
        #expect(try await h.store.campaigns(site: nil, status: nil, limit: 10).isEmpty)
    }

    @Test func create_unknownPlaceholder_isInvalidInput_andStoresNothing() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 2)
        var request = h.request()
        request.template = "{name}欠费{amout}元"
        await #expect(throws: ServiceError.self) { try await h.runner().create(request, dryRun: false) }
        do { _ = try await h.runner().create(request, dryRun: false) } catch let error as ServiceError {
            #expect(error.kind == .invalidInput && error.message.contains("{amout}"))
        }
        #expect(try await h.store.campaigns(site: nil, status: nil, limit: 10).isEmpty)
    }

    @Test func draft_sendsNothing_untilStarted_thenAtTheRate_untilCompleted() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 5)
        let runner = h.runner()
        let id = try await runner.create(h.request(rate: 60), dryRun: false).campaign.id
        await runner.runOnce()
        #expect(await h.provider.sent.isEmpty, "a draft does not send")
        _ = try await runner.command(id, .start)
        var sentAt: [Int64] = []
        for _ in 0..<10 {
            let before = await h.provider.sent.count
            let wait = await runner.runOnce()
            if await h.provider.sent.count > before { sentAt.append(h.wall.nowMs()) }
            h.wall.advance(byMs: wait)
        }
        #expect(await h.provider.sent.map(\.to).count == 5)
        #expect(zip(sentAt, sentAt.dropFirst()).allSatisfy { $1 - $0 >= 1_000 }, "60 a minute: one a second")
        let status = try await runner.status(id)
        #expect(status.campaign.status == .completed)
        #expect(status.counts == [.sent: 5])
    }

    @Test func pause_stopsSending_andStartResumes() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 3)
        let runner = h.runner()
        let id = try await runner.create(h.request(rate: 6_000), dryRun: false).campaign.id
        _ = try await runner.command(id, .start)
        await runner.runOnce()
        #expect(await h.provider.sent.count == 1, "a (re)started campaign begins with one token")
        _ = try await runner.command(id, .pause)
        h.wall.advance(byMs: 60_000)
        await runner.runOnce()
        #expect(await h.provider.sent.count == 1)
        await #expect(throws: ServiceError.self) { try await runner.command(id, .pause) }
        _ = try await runner.command(id, .start)
        for _ in 0..<3 { await runner.runOnce(); h.wall.advance(byMs: 1_000) }
        #expect(await h.provider.sent.count == 3)
    }

    @Test func cancel_failsUnsentMessages_andNothingMoreGoesOut() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 4)
        let runner = h.runner()
        let id = try await runner.create(h.request(rate: 1), dryRun: false).campaign.id
        _ = try await runner.command(id, .start)
        await runner.runOnce()
        _ = try await runner.command(id, .cancel)
        h.wall.advance(byMs: 600_000)
        await runner.runOnce()
        #expect(await h.provider.sent.count == 1)
        #expect(try await runner.status(id).counts == [.sent: 1, .failed: 3])
        #expect(try await h.store.messages(id, state: .failed, limit: 10, offset: 0).allSatisfy { $0.failure == .cancelled })
    }

    @Test func transientFailures_areRetriedWithBackoff_thenFail_rejectedFailsAtOnce() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 2)
        await h.provider.setFlaky(["+8613800000001"])
        await h.provider.setRejecting(["+8613800000002"])
        let runner = h.runner()
        let retry = RetryPolicy(attemptsMax: 3, baseDelayMs: 1_000, maxDelayMs: 1_000)
        let id = try await runner.create(h.request(rate: 6_000, retry: retry), dryRun: false).campaign.id
        _ = try await runner.command(id, .start)
        for _ in 0..<20 { h.wall.advance(byMs: await runner.runOnce()) }
        let sent = await h.provider.sent
        #expect(sent.filter { $0.to == "+8613800000001" }.map(\.attempt) == [1, 2, 3])
        #expect(sent.filter { $0.to == "+8613800000002" }.count == 1)
        let failed = try await h.store.messages(id, state: .failed, limit: 10, offset: 0)
        #expect(failed.map(\.failure) == [.retriesExhausted, .rejected])
        #expect(try await runner.status(id).campaign.status == .completed)
    }

    @Test func optOut_afterPlanning_isHonouredAtSendTime() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 2)
        let runner = h.runner()
        let id = try await runner.create(h.request(rate: 6_000), dryRun: false).campaign.id
        _ = try await runner.optOut(residentID: "r02", channel: .all)
        await #expect(throws: ServiceError.self) { try await runner.optOut(residentID: "nobody", channel: .sms) }
        _ = try await runner.command(id, .start)
        for _ in 0..<5 { h.wall.advance(byMs: await runner.runOnce()) }
        #expect(await h.provider.sent.map(\.to) == ["+8613800000001"])
        #expect(try await h.store.messages(id, state: .failed, limit: 10, offset: 0).map(\.failure) == [.optedOut])
    }

    @Test func restart_resumesWithoutResendingSentMessages_andResendsInterruptedOneUnderSameID() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 6)
        let first = h.runner()
        let id = try await first.create(h.request(rate: 60), dryRun: false).campaign.id
        _ = try await first.command(id, .start)
        for _ in 0..<2 { h.wall.advance(byMs: await first.runOnce()) }
        #expect(await h.provider.sent.count == 2)
        // A crash between recording `sending` and the provider's answer.
        let third = try #require(try await h.store.message(.make(id, sequence: 3)))
        try await h.store.update(try third.beginningAttempt(nowMs: h.wall.nowMs()))

        let provider = RecordingProvider()
        let second = h.runner(provider: provider)  // same store: the node restarted
        for _ in 0..<10 { h.wall.advance(byMs: await second.runOnce()) }
        let resent = await provider.sent
        #expect(resent.map(\.messageID.rawValue) == (3...6).map { "\(id):\($0)" })
        #expect(resent.first?.attempt == 1, "the interrupted attempt is the same attempt")
        #expect(try await second.status(id).counts == [.sent: 6])
    }

    @Test func receipts_markDelivered_byEitherID_idempotently_andRefuseUnknown() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 2)
        let runner = h.runner()
        let id = try await runner.create(h.request(rate: 6_000), dryRun: false).campaign.id
        _ = try await runner.command(id, .start)
        for _ in 0..<3 { h.wall.advance(byMs: await runner.runOnce()) }
        let m1 = CampaignMessageID.make(id, sequence: 1)
        #expect(try await runner.applyReceipt(DeliveryReceipt(messageID: m1, status: .delivered)).state == .delivered)
        #expect(try await runner.applyReceipt(DeliveryReceipt(messageID: m1, status: .delivered)).state == .delivered)
        await h.provider.queueReceipt(DeliveryReceipt(providerMessageID: "p-\(id):2", status: .failed, detail: "空号"))
        await runner.runOnce()
        let m2 = try #require(try await h.store.message(.make(id, sequence: 2)))
        #expect(m2.state == .failed && m2.failure == .undeliverable && m2.detail == "空号")
        await #expect(throws: ServiceError.self) {
            try await runner.applyReceipt(DeliveryReceipt(messageID: .make(id, sequence: 99), status: .delivered))
        }
        await #expect(throws: ServiceError.self) { try await runner.applyReceipt(DeliveryReceipt(status: .delivered)) }
    }

    @Test func window_atNight_waitsUntilMorning() async throws {
        let h = CampaignHarness()
        try await h.seed(count: 1)
        h.wall.set(march2026Ms + 14 * 3_600_000)  // 22:00 Beijing
        let runner = h.runner()
        let id = try await runner.create(h.request(window: ScheduleWindow()), dryRun: false).campaign.id
        _ = try await runner.command(id, .start)
        await runner.runOnce()
        #expect(await h.provider.sent.isEmpty)
        h.wall.set(march2026Ms + 25 * 3_600_000)  // 09:00 the next day
        await runner.runOnce()
        #expect(await h.provider.sent.count == 1)
    }
}
