/// Why a remote call failed. Every failure of the cluster actor system surfaces as this one
/// type (or as `CancellationError` when the caller was cancelled), so callers can switch on
/// `kind` instead of guessing.
public struct RemoteCallError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable, Codable {
        /// No reply arrived before the call's deadline.
        case timeout
        /// The target node is known to be down: the call failed without being sent, or was
        /// pending when the node went down.
        case nodeDown
        /// The transport has no connection to the node and could not make one.
        case unreachable
        /// A bounded queue on the way was full (the transport's, or the callee's handlers).
        case backpressure
        /// The remote function threw; `type` is the error's type name, `message` its description.
        case remoteThrew(type: String, message: String)
        /// The call could not be encoded (argument not encodable, call too large).
        case encoding
        /// A message or value could not be decoded (malformed payload, wrong argument type).
        case decoding
        /// The caller already has the maximum number of calls in flight.
        case tooManyPending
        /// No actor with that id lives on the node (wrong path, old incarnation, gone).
        case unknownActor
        /// The actor has no distributed function with that identifier.
        case unknownTarget
    }

    public var kind: Kind
    /// What happened, for logs and people.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        switch kind {
        case .remoteThrew(let type, let remoteMessage): "remote threw \(type): \(remoteMessage)"
        default: "\(kind): \(message)"
        }
    }
}
