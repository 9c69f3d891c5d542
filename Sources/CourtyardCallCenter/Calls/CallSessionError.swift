// MARK: - Refused call-session inputs

/// Why a call session refused an input: it never traps, the runtime logs this and, for
/// gateway input, answers with a CTI `protocolError`.
public struct CallSessionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// The event does not fit the call's phase (DTMF while queued, bridge after hang-up).
        case outOfOrder
        /// The event names another agent than the one the call is with.
        case wrongAgent
        /// Malformed data (non-DTMF keys, oversized text, negative amounts).
        case invalidInput
        /// The call has ended; only a late recording is still accepted.
        case ended
    }

    public let code: Code
    public let callID: CallID
    public let message: String

    public init(_ code: Code, _ callID: CallID, _ message: String) {
        self.code = code
        self.callID = callID
        self.message = message
    }

    public var description: String { "call \(callID): \(code.rawValue): \(message)" }
}
