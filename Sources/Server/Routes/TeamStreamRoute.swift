import Foundation
import Hummingbird
import ServiceLifecycle

/// `GET /v1/teams/stream`: team changes as Server-Sent Events, so a dispatch
/// map stays current without polling. A comment line every 15 s keeps
/// proxies from closing an idle stream; the stream ends when the server
/// shuts down, so it never holds a graceful shutdown open.
enum TeamStreamRoute {
    static let stream = Endpoint(.get, "/v1/teams/stream", roles: [.dispatcher])

    static func register(on router: Router<APIContext>, services: APIServices) {
        router.add(stream, services) { _, _ in
            let messages = messageStream(events: services.events.subscribe())
            let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                for await message in messages.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: message))
                }
                try await writer.finish(nil)
            })
        }
    }

    /// Events and heartbeats merged into the text of one stream.
    private static func messageStream(events: AsyncStream<TeamEvent>) -> AsyncStream<String> {
        AsyncStream<String>(bufferingPolicy: .bufferingNewest(1_000)) { continuation in
            let forward = Task {
                let encoder = JSONEncoder.api
                var sequence = 0
                for await event in events {
                    sequence += 1
                    guard let data = try? encoder.encode(event) else { continue }
                    continuation.yield("event: team\nid: \(sequence)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
                }
                continuation.finish()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(15))
                    continuation.yield(": keep-alive\n\n")
                }
            }
            continuation.onTermination = { _ in
                forward.cancel()
                heartbeat.cancel()
            }
        }
    }
}
