import CourtyardDomain

// MARK: - Keys, silence and menu navigation

extension CallSession {
    /// Keys the gateway collected (CTI `dtmf`), with any terminator included.
    public mutating func onDigits(_ keys: String, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard keys.utf8.count <= Self.digitsReportMax, let digits = DTMFDigit.parse(keys) else {
            throw CallSessionError(.invalidInput, callID, "'\(keys.prefix(40))' is not at most \(Self.digitsReportMax) keypad keys")
        }
        switch phase {
        case .menu(let path):
            guard digits.count == 1 else { return failedAttempt(reprompt: menuPrompt(path)) }
            return select(digits[0], at: path)
        case .selfService(.collectingRoom(let path, let kind)):
            return roomCodeEntered(digits, path: path, kind: kind)
        case .selfService(.confirmingPayment(let path, let room, let amount)):
            return paymentKey(digits, path: path, room: room, amount: amount)
        default:
            throw outOfOrder("dtmf")
        }
    }

    /// The gateway's collect timed out with no key (CTI `dtmf` with empty `digits`).
    public mutating func onNoInput(nowMs: Int64) throws(CallSessionError) -> [Directive] {
        switch phase {
        case .menu(let path):
            return failedAttempt(reprompt: menuPrompt(path), because: menu.prompts.noInput)
        case .selfService(.collectingRoom):
            return failedAttempt(reprompt: roomPrompt(), because: menu.prompts.noInput)
        case .selfService(.confirmingPayment):
            return failedAttempt(reprompt: confirmPrompt(), because: menu.prompts.noInput)
        default:
            throw outOfOrder("no input")
        }
    }

    // MARK: Navigation

    /// Enters the menu at `path` (speaks its prompt, collects one key).
    mutating func enterMenu(_ path: IVRNodePath) -> [Directive] {
        phase = .menu(path)
        attempts = 0
        return menuPrompt(path)
    }

    func menuPrompt(_ path: IVRNodePath) -> [Directive] {
        let prompt = menu.node(at: path)?.prompt ?? menu.root.prompt
        return [.play(text: prompt, announcement: false), collectOne()]
    }

    func collectOne() -> Directive {
        .collectDigits(digitsMax: 1, timeoutMs: menu.digitTimeoutMs, terminator: nil)
    }

    func roomPrompt() -> [Directive] {
        [.play(text: menu.prompts.enterRoomCode, announcement: false),
         .collectDigits(digitsMax: menu.roomCodeDigitsMax + 1, timeoutMs: menu.digitTimeoutMs, terminator: .hash)]
    }

    func confirmPrompt() -> [Directive] {
        [.play(text: menu.prompts.confirmPayment, announcement: false), collectOne()]
    }

    /// One more failed attempt: re-prompt, or after `attemptsMax` send the caller to a person.
    mutating func failedAttempt(reprompt: [Directive], because text: String? = nil) -> [Directive] {
        attempts += 1
        if attempts >= menu.attemptsMax { return transfer(to: menu.fallbackQueue, priority: .normal) }
        return [.play(text: text ?? menu.prompts.invalidKey, announcement: false)] + reprompt
    }

    mutating func transfer(to queue: QueueID, priority: Priority) -> [Directive] {
        phase = .queued(queue, priority)
        attempts = 0
        let text = priority == .emergency ? menu.prompts.emergency : menu.prompts.transferring
        return [.play(text: text, announcement: false), .enqueue(queue, priority)]
    }

    /// After an information item or a finished step: back to the menu holding `node`.
    mutating func returnToMenu(from node: IVRNodePath) -> [Directive] {
        enterMenu(node.parent)
    }

    /// A key pressed at the menu `path`.
    mutating func select(_ digit: DTMFDigit, at path: IVRNodePath) -> [Directive] {
        guard let node = menu.node(at: path)?.children[digit] else {
            return failedAttempt(reprompt: menuPrompt(path))
        }
        let child = path.appending(digit)
        attempts = 0
        var out: [Directive] = [.countHit(child)]
        out += act(node, at: child, inMenu: path)
        return out
    }

    private mutating func act(_ node: IVRMenuNode, at child: IVRNodePath, inMenu path: IVRNodePath) -> [Directive] {
        let say = Directive.play(text: node.prompt, announcement: false)
        switch node.action {
        case .menu:
            return enterMenu(child)
        case .back:
            return enterMenu(path.parent)
        case .repeatMenu:
            return enterMenu(path)
        case .playNotices:
            let texts = notices.isEmpty ? [menu.prompts.noNotices] : notices.map(\.text)
            return texts.map { .play(text: $0, announcement: true) } + enterMenu(path)
        case .information:
            return [say] + enterMenu(path)
        case .feeInquiry, .feePayment, .insuranceInquiry:
            let kind: LookupKind = node.action == .feeInquiry ? .bills : node.action == .feePayment ? .payment : .insurance
            phase = .selfService(.collectingRoom(child, kind))
            return [say] + roomPrompt()
        case .repairBooking(let k):
            return startRecording(child, .repair(k), say)
        case .publicFacilityRepair:
            return startRecording(child, .publicFacility, say)
        case .voicemail(let k):
            return startRecording(child, .voicemail(k), say)
        case .emergencyHelp(let queue):
            let ticket = TicketRequest(category: .emergency, priority: .emergency, title: "紧急求助 (IVR)",
                                       description: "Caller chose emergency help in the IVR.", caller: caller,
                                       recordingID: nil, menuPath: child)
            return [.createTicket(ticket)] + transfer(to: queue, priority: .emergency)
        case .transfer(let queue):
            return transfer(to: queue, priority: .normal)
        }
    }

    private mutating func startRecording(_ path: IVRNodePath, _ purpose: RecordingPurpose, _ say: Directive) -> [Directive] {
        phase = .selfService(.recording(path, purpose))
        return [say, .play(text: menu.prompts.recordAfterTone, announcement: false),
                .voicemail(maxDurationMs: menu.voicemailDurationMsMax)]
    }
}
