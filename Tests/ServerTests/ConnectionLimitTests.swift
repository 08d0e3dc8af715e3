import Foundation
import Testing

/// Slow and idle clients: a connection without a complete request head is
/// closed after --idle-timeout however slowly it trickles bytes, an event
/// stream is never cut by it, and past --max-connections new connections
/// wait until one closes.
@Suite struct ConnectionLimitTests {
    /// Seconds until the server closed `connection`, reading what arrives; nil if not within `seconds`.
    static func secondsUntilClosed(_ connection: Connection, within seconds: TimeInterval, trickle: Bool = false) throws -> TimeInterval? {
        let started = Date()
        while Date().timeIntervalSince(started) < seconds {
            if trickle { try connection.write(Data("X".utf8)) }
            if connection.readAvailable() == nil { return Date().timeIntervalSince(started) }
        }
        return nil
    }

    @Test func aHalfSentRequestAndAnIdleConnectionAreClosedAfterTheIdleTimeout() throws {
        let server = try LiveServer(serveArguments: ["--idle-timeout", "1s"])
        let slow = try Connection(port: server.client.port, timeout: 0.2)
        try slow.write(Data("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8))
        let trickled = try Self.secondsUntilClosed(slow, within: 10, trickle: true)
        #expect(trickled.map { $0 < 4 } == true, "a header sent a byte every 0.2 s was still open after \(trickled ?? 10) s")

        let idle = try Connection(port: server.client.port, timeout: 0.2)
        try idle.write(Data("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        let closed = try Self.secondsUntilClosed(idle, within: 10)
        #expect(closed.map { $0 < 4 } == true, "an idle keep-alive connection was still open after \(closed ?? 10) s")

        // An event stream writes nothing for 15 s at a time and is not cut.
        let stream = try OpenStream(port: server.client.port, key: server.keys["dispatcher"]!)
        #expect(stream.read(until: ": connected", within: 10))
        #expect(stream.waitForEnd(within: 3) == nil, "the stream was cut by the idle timeout: \(stream.text)")
        #expect(try server.client.send("GET", "/healthz").status == 200)
    }

    @Test func pastTheConnectionCapNewConnectionsWaitUntilOneCloses() throws {
        let server = try LiveServer(serveArguments: ["--max-connections", "16"])
        var held = try (0..<16).map { _ in try Connection(port: server.client.port, timeout: 0.2) }
        // Every held connection is accepted before the next one is tried.
        for connection in held {
            try connection.write(Data("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
            var answer = Data()
            let deadline = Date().addingTimeInterval(10)
            while !String(decoding: answer, as: UTF8.self).contains("\r\n\r\n"), Date() < deadline {
                answer += connection.readAvailable() ?? Data()
            }
        }
        let waiting = try Connection(port: server.client.port, timeout: 0.2)
        try waiting.write(Data("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        var answer = Data()
        let early = Date().addingTimeInterval(1.5)
        while Date() < early { answer += waiting.readAvailable() ?? Data() }
        #expect(answer.isEmpty, "the 17th connection was served: \(String(decoding: answer, as: UTF8.self))")

        held.removeFirst().close()
        let deadline = Date().addingTimeInterval(10)
        while !String(decoding: answer, as: UTF8.self).contains("200"), Date() < deadline {
            answer += waiting.readAvailable() ?? Data()
        }
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200"), "served once a place was free")
    }
}
