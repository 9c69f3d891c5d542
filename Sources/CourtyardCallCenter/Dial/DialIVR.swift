// MARK: - The caller at the IVR

/// How a simulated caller answers a `collect`: the gateway only hears the menu the node
/// speaks, so the keys on offer are read from the prompt text ("报修请按3", "返回请按星号键",
/// "press 0"), as a person would.
public enum DialIVR {
    /// What the caller does at a collect.
    public enum Answer: Hashable, Sendable {
        /// Keys pressed (terminator included when the caller uses it).
        case keys(String)
        /// The collect times out with no key (`dtmf` with empty `digits`).
        case noInput
        /// The caller gives up in the IVR.
        case hangUp
    }

    /// Keys a prompt offers, in keypad order (digits, then `*`, then `#`).
    public static func offeredKeys(in text: String) -> [String] {
        var found = Set<String>()
        let chars = Array(text.lowercased())
        var i = 0
        while i < chars.count {
            if chars[i] == "按", let key = key(at: i + 1, in: chars, words: ["星号": "*", "井号": "#"]) {
                found.insert(key)
            } else if chars[i] == "p", String(chars[i..<min(i + 6, chars.count)]) == "press ",
                      let key = key(at: i + 6, in: chars, words: ["star": "*", "hash": "#", "pound": "#"]) {
                found.insert(key)
            }
            i += 1
        }
        return found.sorted { order($0) < order($1) }
    }

    private static func key(at i: Int, in chars: [Character], words: [String: String]) -> String? {
        guard i < chars.count else { return nil }
        if chars[i].isASCII, chars[i].isNumber { return String(chars[i]) }
        for (word, key) in words.sorted(by: { $0.key < $1.key })
        where String(chars[i..<min(i + word.count, chars.count)]) == word {
            return key
        }
        return nil
    }

    private static func order(_ key: String) -> Int {
        switch key {
        case "*": 10
        case "#": 11
        default: Int(key) ?? 12
        }
    }

    /// The caller's answer to a collect of at most `digitsMax` keys after a prompt offering
    /// `offered` keys (empty when the prompt named none: any digit may be tried).
    public static func answer(digitsMax: Int, terminator: DTMFDigit?, offered: [String],
                              behaviour b: DialBehaviour, random: inout DialRandom) -> Answer {
        if random.chance(b.ivrHangUpShare) { return .hangUp }
        if random.chance(b.noInputShare) { return .noInput }
        if digitsMax > 1 { return .keys(code(digitsMax: digitsMax, terminator: terminator, behaviour: b, random: &random)) }
        let choices = offered.isEmpty ? (0...9).map(String.init) : offered
        if random.chance(b.invalidKeyShare) {
            let invalid = ((0...9).map(String.init) + ["*", "#"]).filter { !choices.contains($0) }
            if !invalid.isEmpty { return .keys(invalid[random.int(in: 0...(invalid.count - 1))]) }
        }
        let weights = choices.map { key -> Double in
            switch key {
            case "0": b.agentKeyWeight
            case "9", "*", "#": b.rareKeyWeight
            default: 1
            }
        }
        return .keys(choices[random.weightedIndex(weights) ?? 0])
    }

    /// A room code or similar number: 3–6 digits (fewer if `digitsMax` is small), with the
    /// terminator; sometimes a stray `*` that the node should refuse.
    private static func code(digitsMax: Int, terminator: DTMFDigit?, behaviour b: DialBehaviour,
                             random: inout DialRandom) -> String {
        let room = terminator == nil ? digitsMax : digitsMax - 1
        let count = random.int(in: min(3, room)...min(6, room))
        var s = (0..<count).map { _ in String(random.int(in: 0...9)) }.joined()
        if random.chance(b.invalidKeyShare) { s = "*" + s.dropFirst() }
        if let t = terminator { s += t.rawValue }
        return s
    }
}
