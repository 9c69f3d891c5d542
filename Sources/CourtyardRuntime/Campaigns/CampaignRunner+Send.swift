import CourtyardCallCenter
import CourtyardCRDT

extension CampaignRunner {
    // MARK: One campaign's pass

    /// Sends what the campaign's window and rate allow now; returns when to look again.
    func pass(_ campaign: Campaign) async throws -> Int64? {
        let now = nowMs
        var bucket = buckets[campaign.id] ?? TokenBucket(ratePerMinute: campaign.ratePerMinute, nowMs: now)
        defer { buckets[campaign.id] = bucket }
        let due = try await store.dueMessages(campaign.id, nowMs: now, limit: passMessagesMax)
        let nextPending = try await store.nextAttemptMs(campaign.id, after: now)
        let decision = CampaignDispatch.decide(campaign, bucket: &bucket, due: due, nextPendingMs: nextPending, nowMs: now)
        if decision.windowClosed {
            try await store.setStatus(campaign.id, to: .completed, failingUnsent: .windowClosed, nowMs: now)
            environment.logger.info("campaign window closed", metadata: ["campaign": "\(campaign.id)"])
            return nil
        }
        let byID = Dictionary(uniqueKeysWithValues: due.map { ($0.id, $0) })
        let optOuts = try await store.optOuts(residentIDs: Array(Set(due.map(\.residentID))).sorted())
        for id in decision.send {
            guard let message = byID[id] else { continue }
            // A pause or cancel may have landed while an earlier message was in flight.
            guard try await store.campaign(campaign.id)?.status == .running else { return nil }
            try await send(message, of: campaign, optOuts: optOuts)
        }
        if try await isFinished(campaign.id) {
            try await store.setStatus(campaign.id, to: .completed, failingUnsent: nil, nowMs: nowMs)
            environment.logger.info("campaign completed", metadata: ["campaign": "\(campaign.id)"])
            return nil
        }
        // More due than one pass takes: come back as soon as allowed.
        return due.count == passMessagesMax ? min(decision.wakeAtMs ?? now, now) : decision.wakeAtMs
    }

    /// One message: opt-out check, `sending` recorded, provider called, outcome recorded.
    private func send(_ message: CampaignMessage, of campaign: Campaign, optOuts: [OptOut]) async throws {
        if optOuts.silences(message.residentID, on: campaign.channel) {
            try await store.update(try core { try message.failing(.optedOut, nowMs: nowMs) })
            return
        }
        let sending = try core { try message.beginningAttempt(nowMs: nowMs) }
        try await store.update(sending)
        let outcome = await provider.send(OutgoingMessage(
            messageID: sending.id, campaignID: campaign.id, site: campaign.site, channel: campaign.channel,
            to: sending.phone, body: sending.body, attempt: sending.attempts))
        // A receipt or a cancel may have moved the message meanwhile; theirs is the last word.
        guard let current = try await store.message(sending.id), current.state == .sending else { return }
        try await store.update(try core { try current.applying(outcome, retry: campaign.retry, nowMs: nowMs) })
    }

    private func isFinished(_ id: CampaignID) async throws -> Bool {
        let counts = try await store.counts(id)
        return (counts[.queued] ?? 0) == 0 && (counts[.sending] ?? 0) == 0
    }

    // MARK: Receipts

    /// Applies a delivery receipt from the provider or the receipts endpoint. Unknown
    /// messages are `notFound`; a receipt that contradicts the message's state is
    /// `invalidTransition`; a repeated one changes nothing.
    @discardableResult
    public func applyReceipt(_ receipt: DeliveryReceipt) async throws -> CampaignMessage {
        let found: CampaignMessage?
        if let id = receipt.messageID {
            found = try await store.message(id)
        } else if let providerID = receipt.providerMessageID {
            found = try await store.message(providerMessageID: providerID)
        } else {
            throw ServiceError.invalid(field: "messageID", "a receipt needs messageID or providerMessageID")
        }
        guard let message = found else {
            throw ServiceError.notFound("campaign message", receipt.messageID?.rawValue ?? receipt.providerMessageID ?? "")
        }
        let updated = try core { try message.applying(receipt: receipt.status, detail: receipt.detail, nowMs: nowMs) }
        if updated != message { try await store.update(updated) }
        return updated
    }

    func applyProviderReceipts() async throws {
        for receipt in await provider.drainReceipts() {
            do {
                try await applyReceipt(receipt)
            } catch let error as ServiceError where error.kind != .storage {
                environment.logger.warning("provider receipt refused", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs a core transition, turning its error into the service's.
    private func core<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CampaignError { throw ServiceError(error) }
    }
}
