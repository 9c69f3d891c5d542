import Distributed
import Synchronization

// MARK: - Encoder

/// Records a call on the caller's side: generic substitutions as mangled type names and each
/// argument as a JSON document.
public struct ClusterInvocationEncoder: DistributedTargetInvocationEncoder {
    public typealias SerializationRequirement = any Codable

    var genericSubstitutions: [String] = []
    var arguments: [String] = []

    init() {}

    public mutating func recordGenericSubstitution<T>(_ type: T.Type) throws {
        guard let name = _mangledTypeName(type) else {
            throw RemoteCallError(.encoding, "generic substitution \(type) has no mangled name")
        }
        genericSubstitutions.append(name)
    }

    public mutating func recordArgument<Value: Codable>(_ argument: RemoteCallArgument<Value>) throws {
        do {
            arguments.append(try ActorCodec.encodeString(argument.value))
        } catch {
            throw RemoteCallError(.encoding, "argument \(argument.label ?? argument.name): \(error)")
        }
    }

    public mutating func recordErrorType<E: Error>(_ type: E.Type) throws {}

    public mutating func recordReturnType<R: Codable>(_ type: R.Type) throws {}

    public mutating func doneRecording() throws {}
}

// MARK: - Decoder

/// Thrown while decoding an invocation on the callee's side; reported to the caller as
/// `.decoding` (not as an error of the remote function).
struct InvocationDecodingError: Error, CustomStringConvertible {
    var description: String
}

/// Replays a recorded call on the callee's side. Generic substitutions are resolved only
/// from the system's allow-list: a remote peer never makes this process look up an arbitrary
/// type by name.
public struct ClusterInvocationDecoder: DistributedTargetInvocationDecoder {
    public typealias SerializationRequirement = any Codable

    private let envelope: CallEnvelope
    private let system: ClusterActorSystem
    private var nextArgument = 0

    init(envelope: CallEnvelope, system: ClusterActorSystem) {
        self.envelope = envelope
        self.system = system
    }

    public mutating func decodeGenericSubstitutions() throws -> [Any.Type] {
        try envelope.genericSubstitutions.map { name in
            guard let type = system.allowedGenericSubstitution(named: name) else {
                throw InvocationDecodingError(description: "generic substitution '\(name.prefix(64))' is not allowed")
            }
            return type
        }
    }

    public mutating func decodeNextArgument<Argument: Codable>() throws -> Argument {
        guard nextArgument < envelope.arguments.count else {
            throw InvocationDecodingError(description: "missing argument \(nextArgument)")
        }
        defer { nextArgument += 1 }
        do {
            return try ActorCodec.decode(Argument.self, from: envelope.arguments[nextArgument], system: system)
        } catch {
            throw InvocationDecodingError(description: "argument \(nextArgument) as \(Argument.self): \(error)")
        }
    }

    public mutating func decodeErrorType() throws -> Any.Type? { nil }

    public mutating func decodeReturnType() throws -> Any.Type? { nil }
}

// MARK: - Result handler

/// Captures the outcome of an executed call; the system then sends it as the reply.
public struct ClusterResultHandler: DistributedTargetInvocationResultHandler, Sendable {
    public typealias SerializationRequirement = any Codable

    private final class Box: Sendable {
        let outcome = Mutex<ReplyEnvelope.Outcome?>(nil)
    }

    private let box = Box()
    private let errorMessageBytesMax: Int

    init(errorMessageBytesMax: Int) {
        self.errorMessageBytesMax = errorMessageBytesMax
    }

    var outcome: ReplyEnvelope.Outcome? { box.outcome.withLock { $0 } }

    public func onReturn<Success: Codable>(value: Success) async throws {
        let outcome: ReplyEnvelope.Outcome
        do {
            outcome = .value(try ActorCodec.encodeString(value))
        } catch {
            outcome = .failure(RemoteCallError(.encoding, "result \(Success.self): \(error)"), errorJSON: nil)
        }
        box.outcome.withLock { $0 = outcome }
    }

    public func onReturnVoid() async throws {
        box.outcome.withLock { $0 = .void }
    }

    public func onThrow<Err: Error>(error: Err) async throws {
        let outcome = Self.failure(for: error, messageBytesMax: errorMessageBytesMax)
        box.outcome.withLock { $0 = outcome }
    }

    /// Decoding problems are the caller's, a missing target is `.unknownTarget`; anything else
    /// was thrown by the function and travels as `.remoteThrew` with its type name,
    /// description and (if Encodable) itself.
    static func failure(for error: any Error, messageBytesMax: Int) -> ReplyEnvelope.Outcome {
        if let decoding = error as? InvocationDecodingError {
            return .failure(RemoteCallError(.decoding, decoding.description.truncated(toBytes: messageBytesMax)),
                            errorJSON: nil)
        }
        if let missing = error as? ExecuteDistributedTargetError {
            // The runtime reports a target it cannot find through the handler too.
            return .failure(RemoteCallError(.unknownTarget, "\(missing.errorCode): \(missing.message)"), errorJSON: nil)
        }
        let type = String(reflecting: Swift.type(of: error))
        let message = String(describing: error).truncated(toBytes: messageBytesMax)
        let json = (error as? any Encodable).flatMap { try? ActorCodec.encodeString($0) }
        return .failure(RemoteCallError(.remoteThrew(type: type, message: message), "\(type): \(message)"),
                        errorJSON: json.flatMap { $0.utf8.count <= messageBytesMax * 4 ? $0 : nil })
    }
}
