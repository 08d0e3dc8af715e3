import Foundation
import Testing
@testable import Store

/// The digest that stands for the privacy secret in printed checksums.
@Suite struct SecretFingerprintTests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // 200 bytes: several blocks, and a length that spills the padding into another block.
        #expect(hex(SHA256.hash((0..<200).map { UInt8($0) })) == "1901da1c9f699b48f6b2636e65cbf73abf99d0441ef67f5c540a42f7051dec6f")
    }

    @Test func theSecretNeverAppearsInTheCanonicalFields() {
        let secret = Array("0123456789abcdef0123456789abcdef".utf8)
        let settings = PrivacySettings(secret: secret, epsilon: 8, timeZone: nil, grid: nil, createdAt: Date(timeIntervalSince1970: 0))
        let text = settings.canonicalFields.compactMap { $0 }.joined()
        #expect(!text.contains(String(decoding: secret, as: UTF8.self)))
        #expect(!text.contains(Data(secret).base64EncodedString()))
    }
}
