import Foundation
import Logging
import PostgresNIO
import Store

/// What travels in a NOTIFY payload: which store instance sent it, and
/// either a record change or the id of an API key whose row changed
/// ("*": any key), which listening stores drop from their key caches.
struct ChangeNotice: Codable {
    var origin: String
    var change: StoreChange?
    var key: String?

    var text: String { String(decoding: try! JSONEncoder().encode(self), as: UTF8.self) }

    init(origin: String, change: StoreChange) {
        self.origin = origin
        self.change = change
    }

    init(origin: String, key: String) {
        self.origin = origin
        self.key = key
    }

    init?(payload: String) {
        guard let notice = try? JSONDecoder().decode(Self.self, from: Data(payload.utf8)) else { return nil }
        self = notice
    }
}

/// LISTEN on its own connection (outside the pool, which may be busy or
/// down). When the connection drops it reconnects with back-off and then
/// sends `.everything`, since notices sent meanwhile were lost.
struct PostGISChangeFeed: StoreChangeFeed {
    let store: PostGISStore

    func subscribe() async throws -> AsyncStream<StoreChange> {
        // Unbounded: the server's listener drains it as notices arrive (one
        // entry per record); a bounded buffer would drop changes silently.
        let (stream, continuation) = AsyncStream<StoreChange>.makeStream()
        // The first LISTEN's outcome: subscribe() returns (or throws) with it.
        let (firstListen, listened) = AsyncStream<Result<Void, any Error>>.makeStream()
        let task = Task { [store] in
            var delay = Duration.milliseconds(100)
            var attempts = 0
            var subscribed = false
            while !Task.isCancelled {
                attempts += 1
                do {
                    let connection = try await PostgresConnection.connect(
                        on: store.eventLoopGroup.any(),
                        configuration: store.url.connectionConfiguration(), id: attempts, logger: store.logger)
                    defer {
                        // Whatever ends the listening, notices can no longer be heard.
                        store.keyCache.setListening(false)
                        Task { try? await connection.close() }
                    }
                    try await connection.listen(on: PostGISStore.channel) { notifications in
                        store.keyCache.setListening(true)
                        if subscribed { continuation.yield(.everything) } else { listened.yield(.success(())) }
                        subscribed = true
                        delay = .milliseconds(100)
                        for try await notification in notifications {
                            guard let notice = ChangeNotice(payload: notification.payload) else { continue }
                            if let key = notice.key { store.keyCache.forget(key == "*" ? nil : key) }
                            guard let change = notice.change, notice.origin != store.origin else { continue }
                            if change.kind == .everything { store.keyCache.forget(nil) }
                            continuation.yield(change)
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    if !subscribed {
                        listened.yield(.failure(PostGISErrors.map(error, location: store.location)))
                        break
                    }
                    store.logger.warning("change feed lost its connection; retrying", metadata: ["error": "\(error)", "in": "\(delay)"])
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        for await outcome in firstListen {
            try outcome.get()
            return stream
        }
        throw CancellationError()
    }
}
