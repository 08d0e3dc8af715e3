import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Store
import Synchronization

/// `GET /v1/teams/stream` and `GET /v1/calls/stream`: team changes and call
/// lifecycle changes as Server-Sent Events, so a dispatch map and a board
/// stay current without polling. A comment line every
/// `StreamLimits.heartbeat` (15 s) keeps proxies from closing an idle stream
/// and finds clients that have gone. The stream's key is looked up again
/// every `StreamLimits.keyCheck`: once it is revoked (or cannot be
/// confirmed) the stream sends a `closed` event and ends. It also ends when
/// the server shuts down, so it never holds a graceful shutdown open.
/// Opening is audited like any request; the close gets an entry of its own
/// saying why and how long the stream was open.
enum TeamStreamRoute {
    static let stream = Endpoint(.get, "/v1/teams/stream", roles: [.dispatcher], audited: true)
    /// Call lifecycle changes (state and teams' steps, never a location): call data, so refused unaudited.
    static let callStream = Endpoint(.get, "/v1/calls/stream", roles: [.dispatcher], refusedUnaudited: true)

    static func register(on router: Router<APIContext>, services: APIServices) {
        register(stream, events: services.events, name: "team", on: router, services: services)
        register(callStream, events: services.callEvents, name: "call", on: router, services: services)
    }

    private static func register<Event: Encodable & Sendable>(
        _ endpoint: Endpoint, events hub: EventHub<Event>, name: String, on router: Router<APIContext>, services: APIServices
    ) {
        router.add(endpoint, services) { _, context in
            let caller = try context.requireCaller()
            let place = try services.streams.admit(keyID: caller.key.id)
            let ending = StreamEnding()
            let messages = messageStream(events: hub.subscribe(), name: name, ending: ending, limits: services.streams.limits,
                                         clientGone: context.connectionClosed) {
                (try? await services.store.keys.key(id: caller.key.id))?.isRevoked == false
            }
            let opened = ContinuousClock.now
            let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                defer {
                    place.release()
                    services.audit.record(closing(caller, endpoint: endpoint, reason: ending.reason, openFor: ContinuousClock.now - opened))
                }
                do {
                    try await writer.write(ByteBuffer(string: ": connected\n\n"))
                    for await message in messages.cancelOnGracefulShutdown() {
                        try await writer.write(ByteBuffer(string: message))
                    }
                    ending.settle(Task.isShuttingDownGracefully ? "shutdown" : "server")
                    try await writer.finish(nil)
                } catch {
                    ending.settle("client")
                    throw error
                }
            })
        }
    }

    private static func closing(_ caller: Caller, endpoint: Endpoint, reason: String, openFor: Duration) -> AuditEntry {
        AuditEntry(at: Date(), keyID: caller.key.id, role: caller.role, method: "CLOSE", endpoint: endpoint.path,
                   subject: "open \(openFor.components.seconds) s", status: 200, outcome: "closed: \(reason)")
    }

    /// Events, heartbeats and key checks merged into the text of one stream.
    private static func messageStream<Event: Encodable & Sendable>(
        events: AsyncStream<Event>, name: String, ending: StreamEnding, limits: StreamLimits, clientGone: EventLoopFuture<Void>,
        keyStillValid: @escaping @Sendable () async -> Bool
    ) -> AsyncStream<String> {
        AsyncStream<String>(bufferingPolicy: .bufferingNewest(1_000)) { continuation in
            let forward = Task {
                let encoder = JSONEncoder.api
                var sequence = 0
                for await event in events {
                    sequence += 1
                    guard let data = try? encoder.encode(event) else { continue }
                    continuation.yield("event: \(name)\nid: \(sequence)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
                }
                continuation.finish()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: limits.heartbeat)
                    continuation.yield(": keep-alive\n\n")
                }
            }
            let watch = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: limits.keyCheck)
                    guard !Task.isCancelled else { return }
                    if await !keyStillValid() {
                        ending.settle("key revoked")
                        continuation.yield("event: closed\ndata: {\"reason\":\"key_revoked\"}\n\n")
                        continuation.finish()
                        return
                    }
                }
            }
            clientGone.whenComplete { _ in
                ending.settle("client")
                continuation.finish()
            }
            continuation.onTermination = { _ in
                forward.cancel()
                heartbeat.cancel()
                watch.cancel()
            }
        }
    }
}

/// Why a stream ended; the first reason given holds.
private final class StreamEnding: Sendable {
    private let first = Mutex<String?>(nil)

    func settle(_ reason: String) {
        first.withLock { if $0 == nil { $0 = reason } }
    }

    var reason: String { first.withLock { $0 ?? "client" } }
}
