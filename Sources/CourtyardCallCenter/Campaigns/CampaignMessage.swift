// MARK: - Message state

/// A message's life: queued → sending → sent → delivered, or failed (with a reason) at any
/// step. `sending` is recorded durably before the provider is called, so after a crash the
/// runner knows the send may have happened and re-sends under the same message id (the
/// provider's idempotency key) instead of silently dropping it or picking a new id.
public enum MessageState: String, CaseIterable, Hashable, Sendable, Codable {
    case queued, sending, sent, delivered, failed

    public var isFinal: Bool { self == .delivered || self == .failed }
}

/// Why a message failed.
public enum FailureReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// The provider refused it for good (invalid number, content rejected, 4xx).
    case rejected
    /// Transient failures until the retry policy ran out of attempts.
    case retriesExhausted
    /// The carrier reported it undeliverable.
    case undeliverable
    /// The resident opted out after the campaign was planned.
    case optedOut
    /// The campaign was cancelled before it went out.
    case cancelled
    /// The campaign's window ended before it went out.
    case windowClosed
}

/// What a provider said about one send attempt.
public enum SendOutcome: Hashable, Sendable {
    /// Accepted; `providerMessageID` correlates later delivery receipts.
    case accepted(providerMessageID: String)
    /// Refused for good.
    case rejected(detail: String)
    /// Failed this time (timeout, 5xx, 429); worth retrying.
    case transient(detail: String)
}

/// A carrier's delivery report for a sent message.
public enum ReceiptStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case delivered, failed
}

// MARK: - Message

/// One message of a campaign to one phone: its rendered text and where it is in its life.
public struct CampaignMessage: Hashable, Sendable, Codable {
    public var id: CampaignMessageID
    public var campaignID: CampaignID
    public var residentID: String
    public var phone: String
    public var body: String
    public var state: MessageState
    /// Send attempts started (recorded before each provider call).
    public var attempts: Int
    /// When the next attempt may start (queued messages only).
    public var nextAttemptAtMs: Int64
    public var providerMessageID: String?
    public var failure: FailureReason?
    /// The provider's or carrier's words about the last failure.
    public var detail: String?
    public var updatedAtMs: Int64

    public init(id: CampaignMessageID, campaignID: CampaignID, residentID: String, phone: String, body: String,
                state: MessageState = .queued, attempts: Int = 0, nextAttemptAtMs: Int64 = 0,
                providerMessageID: String? = nil, failure: FailureReason? = nil, detail: String? = nil, updatedAtMs: Int64) {
        self.id = id
        self.campaignID = campaignID
        self.residentID = residentID
        self.phone = phone
        self.body = body
        self.state = state
        self.attempts = attempts
        self.nextAttemptAtMs = nextAttemptAtMs
        self.providerMessageID = providerMessageID
        self.failure = failure
        self.detail = detail
        self.updatedAtMs = updatedAtMs
    }

    // MARK: Transitions (each returns the next value or says why not)

    /// Starts an attempt: queued → sending, `attempts` + 1. A message left `sending` by a
    /// crash is started again (same id) without a new transition.
    public func beginningAttempt(nowMs: Int64) throws(CampaignError) -> CampaignMessage {
        guard state == .queued || state == .sending else { throw refuse("send") }
        var m = self
        if state == .queued { m.attempts += 1 }
        m.state = .sending
        m.updatedAtMs = nowMs
        return m
    }

    /// Applies the provider's answer to the attempt in progress.
    public func applying(_ outcome: SendOutcome, retry: RetryPolicy, nowMs: Int64) throws(CampaignError) -> CampaignMessage {
        guard state == .sending else { throw refuse("record a send outcome for") }
        var m = self
        m.updatedAtMs = nowMs
        switch outcome {
        case .accepted(let providerID):
            m.state = .sent
            m.providerMessageID = String(providerID.prefix(CampaignLimits.reasonCharactersMax))
        case .rejected(let detail):
            m.state = .failed
            m.failure = .rejected
            m.detail = String(detail.prefix(CampaignLimits.reasonCharactersMax))
        case .transient(let detail):
            m.detail = String(detail.prefix(CampaignLimits.reasonCharactersMax))
            if attempts >= retry.attemptsMax {
                m.state = .failed
                m.failure = .retriesExhausted
            } else {
                m.state = .queued
                m.nextAttemptAtMs = nowMs + retry.delayMs(afterAttempts: attempts)
            }
        }
        return m
    }

    /// Applies a delivery receipt. A repeated receipt of the same status changes nothing
    /// (providers repeat themselves); a receipt for a message never sent is refused.
    public func applying(receipt: ReceiptStatus, detail: String?, nowMs: Int64) throws(CampaignError) -> CampaignMessage {
        switch (state, receipt) {
        case (.delivered, .delivered), (.failed, .failed): return self
        case (.sent, _), (.sending, _):
            var m = self
            m.state = receipt == .delivered ? .delivered : .failed
            if receipt == .failed { m.failure = .undeliverable }
            m.detail = detail.map { String($0.prefix(CampaignLimits.reasonCharactersMax)) } ?? m.detail
            m.updatedAtMs = nowMs
            return m
        default:
            throw refuse("apply a '\(receipt.rawValue)' receipt to")
        }
    }

    /// Ends a message that has not gone out (opt-out, cancel, window closed).
    public func failing(_ reason: FailureReason, nowMs: Int64) throws(CampaignError) -> CampaignMessage {
        guard state == .queued || state == .sending else { throw refuse("fail") }
        var m = self
        m.state = .failed
        m.failure = reason
        m.updatedAtMs = nowMs
        return m
    }

    private func refuse(_ what: String) -> CampaignError {
        CampaignError(.invalidTransition, "cannot \(what) message \(id) while it is \(state.rawValue)")
    }
}
