// MARK: - CTI protocol errors

/// A refused frame, sent back as a `protocolError` command; never a crash.
public struct CTIProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        case frameTooLarge, malformedJSON, unsupportedVersion, unknownType, missingField, invalidField
        case seqNotIncreasing, helloRequired, duplicateHello, authenticationFailed
        case unknownCall, duplicateCall, outOfOrder, tooManyCalls

        /// Errors after which the node closes the connection: the gateway is misconfigured
        /// or not who it claims, and nothing it sends next can be trusted.
        public var isFatal: Bool {
            switch self {
            case .unsupportedVersion, .helloRequired, .authenticationFailed, .frameTooLarge: true
            default: false
            }
        }
    }

    public var code: Code
    public var message: String
    /// The `seq` of the refused frame, when it could be read.
    public var refSeq: UInt64?
    public var gatewayCallId: String?

    public init(_ code: Code, _ message: String, refSeq: UInt64? = nil, gatewayCallId: String? = nil) {
        self.code = code
        self.message = String(message.prefix(CTIProtocol.textCharsMax))
        self.refSeq = refSeq
        self.gatewayCallId = gatewayCallId
    }

    public var isFatal: Bool { code.isFatal }
    public var description: String { "CTI \(code.rawValue): \(message)" }
}
