import Crypto
import Foundation
import Store

/// API key secrets: `cmk_<id>_<43 random base64url characters>`. The id in
/// the secret finds the stored row without scanning; the row holds a random
/// salt and SHA-256(salt ‖ secret). 256 random bits make a slow password
/// hash unnecessary, and SHA-256 keeps a check to microseconds per request.
public enum KeySecret {
    /// A new key for `role`, and the secret to hand over once.
    public static func generate(
        name: String, role: APIRole, facilityID: String? = nil, teamID: String? = nil, now: Date = Date()
    ) -> (key: APIKey, secret: String) {
        let id = randomBytes(6).map { String(format: "%02x", $0) }.joined()
        let secret = "cmk_\(id)_\(base64URL(randomBytes(32)))"
        let salt = Data(randomBytes(16))
        let key = APIKey(id: id, name: name, role: role, salt: salt, secretHash: hash(secret, salt: salt),
                         createdAt: now, facilityID: facilityID, teamID: teamID)
        return (key, secret)
    }

    /// The key id a secret names, or nil when it has not the secret's shape.
    public static func keyID(of secret: String) -> String? {
        let parts = secret.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "cmk", parts[1].count == 12, !parts[2].isEmpty else { return nil }
        return String(parts[1])
    }

    /// Whether `secret` is the one this key was made with (constant time).
    public static func matches(_ secret: String, key: APIKey) -> Bool {
        let computed = hash(secret, salt: key.salt)
        guard computed.count == key.secretHash.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(computed, key.secretHash) { difference |= a ^ b }
        return difference == 0
    }

    static func hash(_ secret: String, salt: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Data(secret.utf8))
        return Data(hasher.finalize())
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
