// MARK: - Menu limits and validation

/// Bounds of a site menu: a caller must never be lost in a deep tree, a prompt must fit a
/// frame, and a bad config must be refused at load, not discovered mid-call.
public enum IVRMenuLimits {
    public static let depthMax = 5
    public static let nodesMax = 200
    public static let titleCharsMax = 40
    public static let promptCharsMax = 500
    public static let digitTimeoutMsRange: ClosedRange<Int64> = 1_000...30_000
    public static let attemptsRange: ClosedRange<Int> = 1...10
    public static let roomCodeDigitsRange: ClosedRange<Int> = 1...16
    public static let voicemailDurationMsRange: ClosedRange<Int64> = 5_000...600_000
}

/// Why a menu was refused; `path` names the offending node (`/2/1`), nil for menu-wide settings.
public struct IVRMenuError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case tooDeep, tooManyNodes, emptyMenu, leafWithChildren, duplicateDigit, invalidDigit
        case emptyPrompt, promptTooLong, emptyTitle, titleTooLong, missingQueue, invalidQueue
        case unknownAction, invalidSetting, missingField
    }

    public let code: Code
    public let path: String?
    public let message: String

    public init(_ code: Code, path: String?, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String {
        if let path { return "IVR menu node \(path): \(message)" }
        return "IVR menu: \(message)"
    }
}

extension IVRMenu {
    /// Checks the whole menu; returns every problem found (empty when valid), in walk order.
    public func validationErrors() -> [IVRMenuError] {
        var errors = settingErrors()
        let nodes = allNodes
        if nodes.count > IVRMenuLimits.nodesMax {
            errors.append(IVRMenuError(.tooManyNodes, path: nil,
                                       "\(nodes.count) nodes, at most \(IVRMenuLimits.nodesMax) allowed"))
        }
        if !root.action.isMenu {
            errors.append(IVRMenuError(.emptyMenu, path: "/", "the root must be a menu"))
        }
        for (path, node) in nodes {
            errors += Self.nodeErrors(path, node)
        }
        return errors
    }

    /// Throws the first problem, so a loader can refuse the config with one clear message.
    public func validate() throws(IVRMenuError) {
        if let first = validationErrors().first { throw first }
    }

    private func settingErrors() -> [IVRMenuError] {
        var e: [IVRMenuError] = []
        func check<T: Comparable>(_ name: String, _ v: T, _ r: ClosedRange<T>) {
            if !r.contains(v) {
                e.append(IVRMenuError(.invalidSetting, path: nil,
                                      "\(name) = \(v) is outside \(r.lowerBound)…\(r.upperBound)"))
            }
        }
        check("digitTimeoutMs", digitTimeoutMs, IVRMenuLimits.digitTimeoutMsRange)
        check("attemptsMax", attemptsMax, IVRMenuLimits.attemptsRange)
        check("roomCodeDigitsMax", roomCodeDigitsMax, IVRMenuLimits.roomCodeDigitsRange)
        check("voicemailDurationMsMax", voicemailDurationMsMax, IVRMenuLimits.voicemailDurationMsRange)
        for (name, text) in prompts.all {
            if text.isEmpty || text.count > IVRMenuLimits.promptCharsMax {
                e.append(IVRMenuError(text.isEmpty ? .emptyPrompt : .promptTooLong, path: nil,
                                      "prompt \(name) must have 1–\(IVRMenuLimits.promptCharsMax) characters"))
            }
        }
        return e
    }

    private static func nodeErrors(_ path: IVRNodePath, _ node: IVRMenuNode) -> [IVRMenuError] {
        var e: [IVRMenuError] = []
        let p = path.description
        if path.depth > IVRMenuLimits.depthMax {
            e.append(IVRMenuError(.tooDeep, path: p, "depth \(path.depth) exceeds \(IVRMenuLimits.depthMax)"))
        }
        if node.title.isEmpty {
            e.append(IVRMenuError(.emptyTitle, path: p, "title is empty"))
        } else if node.title.count > IVRMenuLimits.titleCharsMax {
            e.append(IVRMenuError(.titleTooLong, path: p, "title has \(node.title.count) characters, at most \(IVRMenuLimits.titleCharsMax)"))
        }
        if node.prompt.isEmpty {
            e.append(IVRMenuError(.emptyPrompt, path: p, "prompt is empty"))
        } else if node.prompt.count > IVRMenuLimits.promptCharsMax {
            e.append(IVRMenuError(.promptTooLong, path: p, "prompt has \(node.prompt.count) characters, at most \(IVRMenuLimits.promptCharsMax)"))
        }
        if node.action.isMenu && node.children.isEmpty {
            e.append(IVRMenuError(.emptyMenu, path: p, "a menu needs at least one key"))
        }
        if !node.action.isMenu && !node.children.isEmpty {
            e.append(IVRMenuError(.leafWithChildren, path: p, "only menus have child keys"))
        }
        if path == .root && node.action == .back {
            e.append(IVRMenuError(.invalidSetting, path: p, "the root cannot go back"))
        }
        return e
    }
}
