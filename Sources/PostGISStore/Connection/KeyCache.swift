import Foundation
import Store
import Synchronization

/// API keys read recently, so a busy server does not ask PostgreSQL for the
/// same key row on every request. Kept only while the store hears the
/// database's change notices (a serving process; the CLI never caches): a
/// revocation's notice drops the key on every server within milliseconds,
/// and an entry lives at most `lifetime` in case a notice went missing.
final class KeyCache: Sendable {
    private struct State {
        var listening = false
        /// Bumped by every forgetting, so a read that began before a
        /// revocation cannot put the old row back afterwards.
        var generation = 0
        var entries: [String: (key: APIKey, until: ContinuousClock.Instant)] = [:]
    }

    private let state = Mutex(State())
    let lifetime: Duration

    init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    func cached(_ id: String) -> APIKey? {
        state.withLock { state in
            guard state.listening, let entry = state.entries[id], entry.until > .now else { return nil }
            return entry.key
        }
    }

    /// What to pass to `keep` after reading a row; nil while not listening.
    var generation: Int? {
        state.withLock { $0.listening ? $0.generation : nil }
    }

    func keep(_ key: APIKey, readAt generation: Int) {
        state.withLock { state in
            guard state.listening, state.generation == generation else { return }
            state.entries[key.id] = (key, .now + lifetime)
        }
    }

    /// Drops one key, or every key when `id` is nil.
    func forget(_ id: String?) {
        state.withLock { state in
            state.generation += 1
            if let id { state.entries[id] = nil } else { state.entries.removeAll() }
        }
    }

    /// Caching starts when notices can be heard and stops (empty) when they cannot.
    func setListening(_ listening: Bool) {
        state.withLock { state in
            state.generation += 1
            state.listening = listening
            if !listening { state.entries.removeAll() }
        }
    }
}
