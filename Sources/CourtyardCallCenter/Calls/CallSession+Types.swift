import CourtyardDomain

// MARK: - What a call session tells its runtime

extension CallSession {
    /// Queue priority of a call: emergencies jump the queue (SPEC §3).
    public enum Priority: String, Hashable, Sendable, Codable, Comparable {
        case normal, emergency
        public static func < (a: Self, b: Self) -> Bool { a == .normal && b == .emergency }
    }

    /// Who ended a call (CTI `hungUp.by`).
    public enum Party: String, Hashable, Sendable, Codable, CaseIterable {
        case caller, agent, system
    }

    /// Where a caller was when they gave up; the missed-call list and reports need it.
    public enum Stage: String, Hashable, Sendable, Codable, CaseIterable {
        case offered, ivr, selfService, queued, ringing
    }

    /// How a call ended.
    public enum Outcome: Hashable, Sendable, Codable {
        /// The caller hung up before reaching an agent (lands in the missed-call list).
        case abandoned(Stage)
        /// The caller was served by self-service and the call ended there.
        case selfServed
        /// An agent talked to the caller.
        case answered(AgentID)
        /// The gateway or node ended the call before an agent answered.
        case systemEnded(Stage)
    }

    /// Which lookup the runtime should perform.
    public enum LookupKind: String, Hashable, Sendable, Codable {
        case bills, payment, insurance
    }

    /// A lookup of one room's bills or insurance, identified by the code the caller keyed in
    /// and the caller's number (the runtime checks the caller may see that room).
    public struct RoomQuery: Hashable, Sendable {
        public var caller: PhoneNumber?
        public var roomCode: String
    }

    /// The runtime's answer to `readBills` / `readInsurance`.
    public enum LookupAnswer: Hashable, Sendable {
        /// Amount due for the room in cents (0 = paid up).
        case bills(amountDueCents: Int)
        /// A short spoken summary of the room's policies.
        case insurance(summary: String)
        case notFound
        /// The lookup could not be done (store down): the caller is sent to an agent.
        case failed
    }

    /// A payment the caller confirmed by key press.
    public struct PaymentRequest: Hashable, Sendable {
        public var caller: PhoneNumber?
        public var roomCode: String
        public var amountCents: Int
    }

    /// A recording the gateway made (CTI `recordingReady`).
    public struct Recording: Hashable, Sendable, Codable {
        public var id: String
        public var durationMs: Int64
        public var bytes: Int64
        public var format: String

        public init(id: String, durationMs: Int64, bytes: Int64, format: String) {
            self.id = id
            self.durationMs = durationMs
            self.bytes = bytes
            self.format = format
        }
    }

    /// A work order the runtime should open for the call (SPEC §4).
    public struct TicketRequest: Hashable, Sendable {
        public var category: TicketCategory
        public var priority: TicketPriority
        public var title: String
        public var description: String
        public var caller: PhoneNumber?
        /// The voice mail describing the problem, when there is one.
        public var recordingID: String?
        /// The menu node the request came from (reports).
        public var menuPath: IVRNodePath
    }

    /// What a voice-mail recording is for once it is ready.
    public enum RecordingPurpose: Hashable, Sendable {
        case repair(IVRRepairKind)
        case publicFacility
        case voicemail(IVRVoicemailKind)
    }

    /// Instructions for the runtime, carried out in order. Media directives (`play`,
    /// `collectDigits`, `voicemail`, `bridge`, `cancelBridge`, `hangUp`) map one-to-one onto CTI commands.
    public enum Directive: Hashable, Sendable {
        /// Speak a text; `announcement` marks automatic notices (not interruptible).
        case play(text: String, announcement: Bool)
        /// Collect up to `digitsMax` keys, ending early on `terminator`; no key in
        /// `timeoutMs` is reported back as no input.
        case collectDigits(digitsMax: Int, timeoutMs: Int64, terminator: DTMFDigit?)
        /// Count a hit on a menu node (`IVRHitCounter.record`).
        case countHit(IVRNodePath)
        case readBills(RoomQuery)
        case readInsurance(RoomQuery)
        case recordPayment(PaymentRequest)
        case createTicket(TicketRequest)
        /// Put the call in an ACD queue.
        case enqueue(QueueID, Priority)
        /// Ring an agent the ACD reserved (one more leg when others ring) and connect the
        /// caller on answer; `sticky` when the ACD chose them as the caller's last agent.
        case bridge(AgentID, sticky: Bool = false)
        /// Stop ringing that agent's leg (CTI `cancelBridge`).
        case cancelBridge(AgentID)
        /// Record a voice mail of at most `maxDurationMs`.
        case voicemail(maxDurationMs: Int64)
        case hangUp
        /// The call ended (for the call ledger); emitted exactly once.
        case ended(Outcome)
    }
}
