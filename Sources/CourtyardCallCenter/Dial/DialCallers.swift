// MARK: - Who calls: residents, unknown numbers, returning callers

/// The numbers a simulated caller is drawn from. Residents come from the node's directory;
/// a share of calls comes from numbers the site does not know; some callers ring again
/// soon after an earlier call (they forgot something, or the problem is back), which is
/// what sticky routing (一对一关系) is for.
public struct DialCallerPopulation: Hashable, Sendable {
    public struct Settings: Hashable, Sendable, Codable {
        /// Share of calls from numbers not in the directory.
        public var unknownShare: Double
        /// Share of calls with the number withheld (empty `caller`).
        public var withheldShare: Double
        /// Share of calls from someone who called recently.
        public var returnShare: Double
        /// How many recent callers are remembered for returning calls.
        public var recentMax: Int

        public init(unknownShare: Double = 0.15, withheldShare: Double = 0.02, returnShare: Double = 0.2, recentMax: Int = 200) {
            self.unknownShare = unknownShare
            self.withheldShare = withheldShare
            self.returnShare = returnShare
            self.recentMax = recentMax
        }
    }

    /// Phone numbers of residents at most this many are kept (the directory may be large).
    public static let residentNumbersMax = 20_000

    public let settings: Settings
    /// Residents' numbers, deduplicated and sorted (so the draw does not depend on the
    /// order the node returned them in).
    public let residentNumbers: [String]
    /// Numbers that called during the run, oldest first, without repeats.
    public private(set) var recent: [String] = []

    public init(residentNumbers: [String], settings: Settings = Settings()) {
        let valid = residentNumbers.filter { !$0.isEmpty && $0.utf8.count <= CTIProtocol.numberBytesMax }
        self.residentNumbers = Array(Set(valid).sorted().prefix(Self.residentNumbersMax))
        self.settings = settings
    }

    /// Draws the caller of the next call. Returns the number and whether it is a return.
    public mutating func draw(_ random: inout DialRandom) -> (number: String, returning: Bool) {
        if !recent.isEmpty, random.chance(settings.returnShare) {
            return (recent[random.int(in: 0...(recent.count - 1))], true)
        }
        if random.chance(settings.withheldShare) { return ("", false) }
        if residentNumbers.isEmpty || random.chance(settings.unknownShare) {
            return (Self.unknownNumber(&random), false)
        }
        return (residentNumbers[random.int(in: 0...(residentNumbers.count - 1))], false)
    }

    /// Remembers `number` as a recent caller (a caller who ended a call may ring again).
    public mutating func remember(_ number: String) {
        guard !number.isEmpty, settings.recentMax > 0 else { return }
        recent.removeAll { $0 == number }
        recent.append(number)
        if recent.count > settings.recentMax { recent.removeFirst(recent.count - settings.recentMax) }
    }

    /// A mainland mobile number no resident has: prefixes 190–198 are outside the demo
    /// directory's ranges, so "unknown" stays unknown.
    static func unknownNumber(_ random: inout DialRandom) -> String {
        let second = random.int(in: 0...8)
        let rest = random.int(in: 0...99_999_999)
        let digits = String(rest)
        return "19\(second)" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
