import Foundation
import Testing
@testable import Server
import Store

@Suite struct KeySecretTests {
    @Test func aSecretMatchesOnlyItsOwnKey() {
        let (key, secret) = KeySecret.generate(name: "console", role: .dispatcher)
        let (other, otherSecret) = KeySecret.generate(name: "console", role: .dispatcher)
        #expect(KeySecret.keyID(of: secret) == key.id)
        #expect(KeySecret.matches(secret, key: key))
        #expect(!KeySecret.matches(otherSecret, key: key))
        #expect(!KeySecret.matches(secret, key: other))
        #expect(!KeySecret.matches(secret + "x", key: key))
        #expect(key.salt != other.salt, "every key has its own salt")
    }

    @Test func theStoredHashRevealsNothingOfTheSecret() {
        let (key, secret) = KeySecret.generate(name: "n", role: .planner)
        #expect(key.secretHash.count == 32)
        #expect(!String(decoding: key.secretHash, as: UTF8.self).contains(secret.suffix(10)))
        #expect(secret.count == "cmk_".count + 12 + 1 + 43)
    }

    @Test(arguments: ["", "Bearer", "cmk_", "cmk_short_x", "xyz_0123456789ab_secret", "cmk_0123456789ab_"])
    func malformedSecretsNameNoKey(_ text: String) {
        #expect(KeySecret.keyID(of: text) == nil)
    }
}
