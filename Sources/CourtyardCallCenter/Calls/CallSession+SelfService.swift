import CourtyardDomain

// MARK: - Lookups, payment and voice mail

extension CallSession {
    /// The runtime answered `readBills` / `readInsurance`.
    public mutating func onLookup(_ answer: LookupAnswer, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard case .selfService(.awaitingLookup(let path, let kind, let room)) = phase else {
            throw outOfOrder("lookup answer")
        }
        switch (answer, kind) {
        case (.failed, _):
            return transfer(to: menu.fallbackQueue, priority: .normal)
        case (.notFound, _):
            return [.play(text: menu.prompts.lookupNotFound, announcement: false)] + returnToMenu(from: path)
        case (.bills(let cents), .bills), (.bills(let cents), .payment):
            guard cents >= 0 else { throw CallSessionError(.invalidInput, callID, "negative amount due \(cents)") }
            let due = Directive.play(text: amountText(cents), announcement: false)
            if kind == .payment && cents > 0 {
                phase = .selfService(.confirmingPayment(path, roomCode: room, amountCents: cents))
                attempts = 0
                return [due] + confirmPrompt()
            }
            return [due] + returnToMenu(from: path)
        case (.insurance(let summary), .insurance):
            guard !summary.isEmpty, summary.count <= Self.summaryCharsMax else {
                throw CallSessionError(.invalidInput, callID, "insurance summary must have 1–\(Self.summaryCharsMax) characters")
            }
            return [.play(text: summary, announcement: false)] + returnToMenu(from: path)
        default:
            throw CallSessionError(.invalidInput, callID, "answer \(answer) does not fit a \(kind.rawValue) lookup")
        }
    }

    /// The runtime recorded (or failed to record) the confirmed payment.
    public mutating func onPaymentResult(recorded: Bool, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard case .selfService(.awaitingPayment(let path)) = phase else { throw outOfOrder("payment result") }
        if recorded {
            return [.play(text: menu.prompts.paymentRecorded, announcement: false)] + returnToMenu(from: path)
        }
        phase = .queued(menu.fallbackQueue, .normal)
        return [.play(text: menu.prompts.paymentFailed, announcement: false), .enqueue(menu.fallbackQueue, .normal)]
    }

    /// The gateway finished a voice mail (CTI `recordingReady`): open the ticket carrying it.
    /// Accepted after the caller hung up too, since many callers end a message that way.
    public mutating func onRecordingReady(_ rec: Recording, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard CallCenterTokens.isValid(rec.id), rec.durationMs >= 0, rec.bytes >= 0 else {
            throw CallSessionError(.invalidInput, callID, "malformed recording '\(rec.id.prefix(64))'")
        }
        if case .selfService(.recording(let path, let purpose)) = phase {
            let ticket = ticketRequest(purpose, path: path, recording: rec)
            phase = .ended(.selfServed)
            endedAtMs = nowMs
            return [.createTicket(ticket), .play(text: menu.prompts.recordingSaved, announcement: false),
                    .play(text: menu.prompts.goodbye, announcement: false), .hangUp, .ended(.selfServed)]
        }
        if isEnded, let pending = pendingRecording {
            pendingRecording = nil
            return [.createTicket(ticketRequest(pending.purpose, path: pending.path, recording: rec))]
        }
        throw outOfOrder("recording ready")
    }

    // MARK: Steps

    mutating func roomCodeEntered(_ digits: [DTMFDigit], path: IVRNodePath, kind: LookupKind) -> [Directive] {
        var keys = digits
        if keys.last == .hash { keys.removeLast() }
        let isNumeric = keys.allSatisfy { $0 != .star && $0 != .hash }
        guard !keys.isEmpty, keys.count <= menu.roomCodeDigitsMax, isNumeric else {
            return failedAttempt(reprompt: roomPrompt())
        }
        let room = keys.map(\.rawValue).joined()
        attempts = 0
        phase = .selfService(.awaitingLookup(path, kind, roomCode: room))
        let query = RoomQuery(caller: caller, roomCode: room)
        return [kind == .insurance ? .readInsurance(query) : .readBills(query)]
    }

    mutating func paymentKey(_ digits: [DTMFDigit], path: IVRNodePath, room: String, amount: Int) -> [Directive] {
        switch digits {
        case [.d1]:
            attempts = 0
            phase = .selfService(.awaitingPayment(path))
            return [.recordPayment(PaymentRequest(caller: caller, roomCode: room, amountCents: amount))]
        case [.star]:
            return returnToMenu(from: path)
        default:
            return failedAttempt(reprompt: confirmPrompt())
        }
    }

    func amountText(_ cents: Int) -> String {
        let fraction = cents % 100
        let yuan = "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
        return menu.prompts.amountDue.replacing("{amount}", with: yuan)
    }

    func ticketRequest(_ purpose: RecordingPurpose, path: IVRNodePath, recording: Recording) -> TicketRequest {
        let title = menu.node(at: path)?.title ?? "IVR"
        let (category, text): (TicketCategory, String) = switch purpose {
        case .repair(let k): (.repair, "Repair booked in the IVR (\(k.rawValue)); details in the voice mail.")
        case .publicFacility: (.publicFacilityRepair, "Public facility repair booked in the IVR; details in the voice mail.")
        case .voicemail(.complaint): (.complaint, "Complaint left as a voice mail in the IVR.")
        case .voicemail(.suggestion): (.suggestion, "Suggestion left as a voice mail in the IVR.")
        }
        return TicketRequest(category: category, priority: .ordinary, title: title, description: text,
                             caller: caller, recordingID: recording.id, menuPath: path)
    }
}
