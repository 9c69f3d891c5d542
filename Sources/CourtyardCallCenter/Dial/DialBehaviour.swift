// MARK: - How callers and simulated agents behave

/// The distributions of one run: caller patience, IVR habits, talk, wrap-up and the
/// simulated agents' answer delay. Defaults are those of a residential hotline.
public struct DialBehaviour: Hashable, Sendable, Codable {
    /// Time a caller waits in a queue or while an agent's phone rings before hanging up.
    public var patience = DialDuration(medianMs: 60_000, sigma: 0.8, minMs: 5_000, maxMs: 600_000)
    /// Conversation with the agent.
    public var talk = DialDuration(medianMs: 150_000, sigma: 0.6, minMs: 15_000, maxMs: 1_800_000)
    /// After-call work of a simulated agent.
    public var wrapUp = DialDuration(medianMs: 20_000, sigma: 0.5, minMs: 3_000, maxMs: 180_000)
    /// From `bridge` to the agent picking up.
    public var answerDelay = DialDuration(medianMs: 4_000, sigma: 0.5, minMs: 800, maxMs: 30_000)
    /// From the end of a menu prompt (or barging in) to the key.
    public var think = DialDuration(medianMs: 2_500, sigma: 0.5, minMs: 300, maxMs: 20_000)
    /// A voice mail's length (bounded again by the node's `maxDurationMs`).
    public var message = DialDuration(medianMs: 25_000, sigma: 0.6, minMs: 3_000, maxMs: 300_000)
    /// Milliseconds of speech per character of a prompt (Mandarin TTS ≈ 4–5 characters/s).
    public var speechMsPerChar: Int64 = 220
    /// Share of a prompt a caller listens to before pressing (callers barge in).
    public var listenShare: ClosedRange<Double> = 0.3...1.0
    /// Share of collects answered with a key the menu does not offer.
    public var invalidKeyShare = 0.05
    /// Share of collects left to time out.
    public var noInputShare = 0.03
    /// Share of callers who hang up while in the IVR, at each prompt.
    public var ivrHangUpShare = 0.02
    /// Weight of pressing 0 (人工服务) compared to any other offered key (weight 1).
    public var agentKeyWeight = 4.0
    /// Weight of 9 (emergency help), `*` (back) and `#` (repeat) when offered.
    public var rareKeyWeight = 0.15
    /// Share of rings a simulated agent lets go unanswered (the node re-queues the call).
    public var agentNoAnswerShare = 0.02
    /// Share of conversations ended by the agent rather than the caller.
    public var agentHangsUpShare = 0.3
    /// Share of voice mails finished with `#` (the rest by hanging up).
    public var messageEndsWithHashShare = 0.6
    /// Share of talked calls for which a call recording is reported.
    public var callRecordingShare = 1.0

    public init() {}

    /// Every duration divided by `speed` (demos and tests run faster than real time).
    public func scaled(by speed: Double) -> DialBehaviour {
        var b = self
        b.patience = patience.scaled(by: speed)
        b.talk = talk.scaled(by: speed)
        b.wrapUp = wrapUp.scaled(by: speed)
        b.answerDelay = answerDelay.scaled(by: speed)
        b.think = think.scaled(by: speed)
        b.message = message.scaled(by: speed)
        b.speechMsPerChar = max(0, Int64((Double(speechMsPerChar) / max(speed, 1e-6)).rounded()))
        return b
    }
}

/// What one caller will do, drawn when the call is offered from the call's own random
/// stream, so a call behaves the same whatever the other calls did.
public struct DialCallPlan: Hashable, Sendable {
    public var patienceMs: Int64
    public var talkMs: Int64
    public var wrapUpMs: Int64
    public var answerDelayMs: Int64
    public var agentAnswers: Bool
    public var agentHangsUp: Bool
    public var messageMs: Int64
    public var messageEndsWithHash: Bool
    public var reportsCallRecording: Bool
    /// Draws the caller's later choices (keys, IVR hang-ups).
    public var random: DialRandom

    public init(behaviour b: DialBehaviour, random: DialRandom) {
        var r = random
        patienceMs = b.patience.draw(&r)
        talkMs = b.talk.draw(&r)
        wrapUpMs = b.wrapUp.draw(&r)
        answerDelayMs = b.answerDelay.draw(&r)
        agentAnswers = !r.chance(b.agentNoAnswerShare)
        agentHangsUp = r.chance(b.agentHangsUpShare)
        messageMs = b.message.draw(&r)
        messageEndsWithHash = r.chance(b.messageEndsWithHashShare)
        reportsCallRecording = r.chance(b.callRecordingShare)
        self.random = r
    }
}
