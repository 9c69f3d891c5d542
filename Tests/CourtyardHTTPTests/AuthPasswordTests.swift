import CourtyardHTTP
import CourtyardRuntime
import Testing

/// bcrypt through hummingbird-auth: salted, verifiable, cost as configured.
@Suite struct AuthPasswordTests {
    @Test func bcrypt_hashIsSaltedAndVerifies() async {
        let hasher = BcryptPasswordHasher(cost: 4)
        let a = await hasher.hash("厨房水龙头-password")
        let b = await hasher.hash("厨房水龙头-password")
        #expect(a.hasPrefix("$2b$04$"))
        #expect(a != b, "a fresh salt each time")
        #expect(!a.contains("password"))
        #expect(await hasher.verify("厨房水龙头-password", hash: a))
        #expect(await hasher.verify("厨房水龙头-password", hash: b))
        #expect(await !hasher.verify("厨房水龙头-passwore", hash: a))
        #expect(await !hasher.verify("", hash: a))
    }

    @Test func generatedPasswords_useTheRandomSource_andFitTheRules() {
        let one = AccountManager.generatedPassword(SeededRandom(seed: 1))
        #expect(one.count == 20)
        #expect(one == AccountManager.generatedPassword(SeededRandom(seed: 1)))
        #expect(one != AccountManager.generatedPassword(SeededRandom(seed: 2)))
    }
}
