import Crypto
import Foundation

/// Uniform 64-bit words, the only randomness the noise sampler takes, so that
/// the same sampler runs on the OS generator or on a keyed stream.
public protocol RandomWordSource {
    mutating func nextWord() -> UInt64
}

/// The operating system's CSPRNG.
public struct SystemRandomWords: RandomWordSource, Sendable {
    private var generator = SystemRandomNumberGenerator()

    public init() {}

    public mutating func nextWord() -> UInt64 {
        generator.next()
    }
}

/// A deterministic stream of words keyed by a secret: block k is
/// HMAC-SHA256(secret, UTF-8(message) ‖ 0x00 ‖ k as 8 big-endian bytes), read
/// as four big-endian words, for k = 0, 1, 2...
///
/// A release's noise comes from a keyed pseudo-random function rather than
/// from a generator so that each count's noise is fixed by (secret, count)
/// without being stored: asking for the same count again, in any view that
/// contains it, gives the same noise, so repeated or overlapping questions
/// average nothing out, and nobody without the secret can predict or
/// subtract it.
///
/// The counter has a fixed width at the end, so the message is everything
/// but the last 9 bytes: (message, k) pairs never collide, even if a message
/// contains a NUL.
public struct KeyedRandomWords: RandomWordSource, Sendable {
    /// HMAC state after the key pads and the message, so each block costs
    /// only the 8 counter bytes and the two finalizations, not the key setup
    /// and the message again.
    private let prefix: KeyedHMAC
    private var counter: UInt64 = 0
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    private var used = 4

    public init(secret: [UInt8], message: String) {
        self.init(key: KeyedHMAC(secret: secret), message: message)
    }

    /// The key setup done once, by whoever draws many streams from one secret.
    init(key: KeyedHMAC, message: String) {
        var state = key.state
        var message = message
        message.withUTF8 { state.update(data: $0) }
        withUnsafeBytes(of: UInt8(0)) { state.update(data: $0) }
        prefix = KeyedHMAC(state: state)
    }

    public mutating func nextWord() -> UInt64 {
        if used == 4 { refill() }
        defer { used += 1 }
        switch used {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        default: return w3
        }
    }

    private mutating func refill() {
        var block = prefix.state
        withUnsafeBytes(of: counter.bigEndian) { block.update(data: $0) }
        let mac = block.finalize()
        mac.withUnsafeBytes { raw in
            w0 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            w1 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            w2 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            w3 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
        counter += 1
        used = 0
    }
}

/// An HMAC-SHA256 state, shareable across tasks.
///
/// `@unchecked` because swift-crypto does not mark `HMAC` `Sendable`, though
/// it is a value type whose digest contexts are copied on write
/// (`isKnownUniquelyReferenced`), and this wrapper only ever copies it out
/// before updating.
struct KeyedHMAC: @unchecked Sendable {
    let state: HMAC<SHA256>

    init(secret: [UInt8]) {
        state = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    init(state: HMAC<SHA256>) {
        self.state = state
    }
}
