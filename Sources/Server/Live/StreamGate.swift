import Foundation
import Synchronization

/// How many team streams may be open, and how soon a revoked key's stream ends.
public struct StreamLimits: Sendable {
    /// Open streams one key may hold (a dispatch console needs one or two).
    public var perKey: Int
    /// Open streams the server holds in all.
    public var total: Int
    /// How often an open stream's key is looked up again; a revoked key's
    /// stream ends within this (DESIGN.md promises 15 s).
    public var keyCheck: Duration
    /// How often an idle stream gets a comment line. It keeps proxies from
    /// closing the stream, and it is how the server learns a client has gone
    /// (a write to a closed connection fails), freeing its place.
    public var heartbeat: Duration

    public init(perKey: Int = 4, total: Int = 256, keyCheck: Duration = .seconds(5), heartbeat: Duration = .seconds(15)) {
        self.perKey = perKey
        self.total = total
        self.keyCheck = keyCheck
        self.heartbeat = heartbeat
    }
}

/// Counts open streams per key and in all; a stream past either limit is
/// refused with 429 before anything is subscribed.
final class StreamGate: Sendable {
    private struct Open {
        var byKey: [String: Int] = [:]
        var total = 0
    }

    let limits: StreamLimits
    private let open = Mutex(Open())

    init(limits: StreamLimits) {
        self.limits = limits
    }

    /// Takes a place for `keyID`'s stream, or throws the 429 to answer.
    func admit(keyID: String) throws -> StreamPlace {
        try open.withLock { state in
            guard state.total < limits.total else {
                throw APIProblem.tooManyRequests("this server already holds \(limits.total) open streams (--max-streams)")
            }
            guard state.byKey[keyID, default: 0] < limits.perKey else {
                throw APIProblem.tooManyRequests("this key already holds \(limits.perKey) open streams (--streams-per-key); close one first")
            }
            state.byKey[keyID, default: 0] += 1
            state.total += 1
        }
        return StreamPlace(gate: self, keyID: keyID)
    }

    fileprivate func release(keyID: String) {
        open.withLock { state in
            state.total -= 1
            state.byKey[keyID, default: 1] -= 1
            if state.byKey[keyID] == 0 { state.byKey[keyID] = nil }
        }
    }
}

/// One admitted stream's place; given back exactly once, however the stream ends.
final class StreamPlace: Sendable {
    private let gate: StreamGate
    private let keyID: String
    private let released = Atomic(false)

    fileprivate init(gate: StreamGate, keyID: String) {
        self.gate = gate
        self.keyID = keyID
    }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { gate.release(keyID: keyID) }
    }

    deinit { release() }
}
