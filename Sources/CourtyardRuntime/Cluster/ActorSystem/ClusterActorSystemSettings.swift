/// Limits and defaults of a `ClusterActorSystem` (DESIGN §7: a bound on everything that grows).
public struct ClusterActorSystemSettings: Sendable, Hashable {
    /// The deadline of a call that sets none (see `ClusterActorSystem.withCallTimeout`).
    public var callTimeout: Duration
    /// Calls this node may have in flight; one more is refused with `.tooManyPending`.
    public var pendingCallsMax: Int
    /// Inbound calls executing at once; one more is answered with `.backpressure`.
    public var inboundCallsMax: Int
    /// The largest encoded call or reply.
    public var payloadBytesMax: Int
    /// Arguments per call.
    public var argumentsMax: Int
    /// Generic substitutions per call.
    public var genericSubstitutionsMax: Int
    /// Remote error descriptions are cut to this many bytes.
    public var errorMessageBytesMax: Int

    public init(callTimeout: Duration = .seconds(5), pendingCallsMax: Int = 1024, inboundCallsMax: Int = 256,
                payloadBytesMax: Int = 256 * 1024, argumentsMax: Int = 32, genericSubstitutionsMax: Int = 8,
                errorMessageBytesMax: Int = 1024) {
        precondition(callTimeout > .zero && pendingCallsMax > 0 && inboundCallsMax > 0 && payloadBytesMax > 0)
        precondition(argumentsMax >= 0 && genericSubstitutionsMax >= 0 && errorMessageBytesMax >= 16)
        self.callTimeout = callTimeout
        self.pendingCallsMax = pendingCallsMax
        self.inboundCallsMax = inboundCallsMax
        self.payloadBytesMax = payloadBytesMax
        self.argumentsMax = argumentsMax
        self.genericSubstitutionsMax = genericSubstitutionsMax
        self.errorMessageBytesMax = errorMessageBytesMax
    }
}
