import Dispatch
import HummingbirdBcrypt

/// Hashes and checks passwords. Slow on purpose; implementations run off the caller's thread.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async -> String
    func verify(_ password: String, hash: String) async -> Bool
    /// Spends the time of one verification without a real hash (for unknown usernames).
    func verifyDecoy(_ password: String) async
}

/// bcrypt (hummingbird-auth's HummingbirdBcrypt). Production cost is at least 10; tests may
/// use 4 to stay fast.
public struct BcryptPasswordHasher: PasswordHasher {
    public static let productionCostMin: UInt8 = 10
    public static let defaultCost: UInt8 = 12
    public let cost: UInt8
    /// A hash of nothing anyone knows, verified against when the username does not exist, so
    /// a login for a missing account takes as long as one with a wrong password.
    let decoy: String

    public init(cost: UInt8 = Self.defaultCost) {
        precondition((4...31).contains(cost), "bcrypt cost must be 4–31")
        self.cost = cost
        decoy = Bcrypt.hash("courtyard-decoy-password", cost: cost)
    }

    public func hash(_ password: String) async -> String {
        let cost = cost
        return await Self.offThread { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async -> Bool {
        await Self.offThread { Bcrypt.verify(password, hash: hash) }
    }

    /// Burns the time of one verification (for unknown usernames).
    public func verifyDecoy(_ password: String) async {
        _ = await verify(password, hash: decoy)
    }

    /// bcrypt blocks for tens to hundreds of milliseconds: keep it off the cooperative pool.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
