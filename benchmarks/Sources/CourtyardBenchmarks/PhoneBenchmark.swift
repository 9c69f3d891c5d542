import CourtyardDomain

/// `PhoneNumber(parsing:)` against a bare `String.filter(\.isNumber)` over the same
/// spellings: what full normalisation (full-width digits, country and area codes,
/// extensions, validation) costs over keeping the digits.
enum PhoneBenchmark {
    /// Spellings seen at intake: mobiles, landlines, full-width, extensions, a service
    /// number (12345), and two that must be refused.
    static let inputs: [String] = [
        "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "0086 13812345678",
        "１３８１２３４５６７８", "＋８６　１３８－１２３４－５６７８", "(+86) 138 1234 5678",
        "010-1234 5678", "(010) 1234-5678", "+86 10 1234 5678", "0755-8888-6666",
        "+86 (0)755 8888 6666", "０２１－５５５５１２３４", "0571-8765432",
        "010-12345678转123", "010-12345678-转-123", "+852 2345 6789", "00852 2345 6789",
        "12345", "phone: call me", "138123456789012345",
    ]

    static func run(passesPerRound: Int, rounds: Int) async throws -> Comparison {
        let refused = inputs.filter { (try? PhoneNumber(parsing: $0)) == nil }
        guard refused == ["phone: call me", "138123456789012345"] else {
            throw BenchmarkError("expected exactly the two garbage phone inputs to be refused; refused \(refused)")
        }
        let perRound = passesPerRound * inputs.count
        return try await compare(
            "phone normalisation", unit: "numbers/s", rounds: rounds,
            subject: "`PhoneNumber(parsing:)`",
            { _ in
                for _ in 0..<passesPerRound {
                    for input in inputs { blackHole(try? PhoneNumber(parsing: input)) }
                }
                return perRound
            },
            baseline: "`String.filter(\\.isNumber)`",
            { _ in
                for _ in 0..<passesPerRound {
                    for input in inputs { blackHole(input.filter(\.isNumber)) }
                }
                return perRound
            }
        ).checked(operationsPerRound: perRound)
    }
}
