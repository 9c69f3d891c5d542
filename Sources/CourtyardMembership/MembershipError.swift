// MARK: - MembershipError

/// Why the membership core refused an input. Untrusted messages that break a limit or an
/// invariant are refused whole: nothing of them is applied.
public enum MembershipError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A settings field is out of range (the text names it).
    case invalidSettings(String)
    /// A message breaks a limit or an invariant (the text says which).
    case invalidMessage(String)
    /// A message addressed to another node or another life of this node.
    case misaddressed(to: NodeID, myself: NodeID)

    public var description: String {
        switch self {
        case .invalidSettings(let why): "invalid membership settings: \(why)"
        case .invalidMessage(let why): "invalid membership message: \(why)"
        case .misaddressed(let to, let me): "message for \(to) reached \(me)"
        }
    }
}
