import Foundation
import Testing

/// `/v1/teams/stream` follows revocation, is limited per key and per server,
/// and its opening and closing are audited.
@Suite struct StreamLimitTests {
    @Test func aRevokedKeysStreamEndsWithin15Seconds() throws {
        let server = try LiveServer()
        let created = try server.cli("keys", "create", "--role", "dispatcher", "--name", "console", "--json")
        let key = try #require(try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: String])
        let stream = try OpenStream(port: server.client.port, key: key["secret"]!)
        #expect(stream.read(until: ": connected", within: 10), "\(stream.text)")

        _ = try server.cli("keys", "revoke", key["id"]!)
        let took = stream.waitForEnd(within: 20)
        #expect(took != nil && took! <= 15, "the stream was open \(took.map { "\($0) s" } ?? "20 s and more") after revocation: \(stream.text.suffix(300))")
        #expect(stream.text.contains("event: closed\ndata: {\"reason\":\"key_revoked\"}"), "\(stream.text.suffix(300))")
        // A stream of a key still valid is unaffected.
        let other = try OpenStream(port: server.client.port, key: server.keys["dispatcher"]!)
        #expect(other.read(until: ": connected", within: 10))

        let audit = try Self.auditLines(server, count: 1) { $0.contains("closed: key revoked") }
        #expect(audit.contains { $0.contains("\(key["id"]!) dispatcher  GET /v1/teams/stream  200 ok") }, "the opening: \(audit)")
        #expect(audit.contains { $0.contains("\(key["id"]!) dispatcher  CLOSE /v1/teams/stream open ") && $0.hasSuffix("200 closed: key revoked") },
                "the closing, with why: \(audit)")
        #expect(audit.contains { $0.contains("CLI keys revoke \(key["id"]!)") && $0.hasSuffix("0 revoked") }, "the revocation: \(audit)")
        #expect(audit.contains { $0.contains("CLI keys create \(key["id"]!)") && $0.hasSuffix("0 created: dispatcher") }, "the creation: \(audit)")
    }

    @Test func streamsPastEitherLimitAre429AndAPlaceFreesWhenOneCloses() throws {
        let server = try LiveServer(serveArguments: ["--streams-per-key", "2", "--max-streams", "3", "--stream-heartbeat", "1s"])
        let first = try OpenStream(port: server.client.port, key: server.keys["dispatcher"]!)
        let second = try OpenStream(port: server.client.port, key: server.keys["dispatcher"]!)
        #expect(first.read(until: ": connected", within: 10) && second.read(until: ": connected", within: 10))

        let third = try OpenStream(port: server.client.port, key: server.keys["dispatcher"]!)
        #expect(third.read(until: "too-many-requests", within: 10), "\(third.text)")
        #expect(third.text.hasPrefix("HTTP/1.1 429"), "\(third.text.prefix(200))")
        #expect(third.text.lowercased().contains("retry-after: 2"))
        #expect(third.text.contains("--streams-per-key"))

        let admin = try OpenStream(port: server.client.port, key: server.keys["admin"]!)
        #expect(admin.read(until: ": connected", within: 10), "another key still has room: \(admin.text)")
        let fourth = try OpenStream(port: server.client.port, key: server.keys["admin"]!)
        #expect(fourth.read(until: "too-many-requests", within: 10) && fourth.text.contains("--max-streams"), "\(fourth.text)")

        // Closing a stream gives its place back.
        first.close()
        var again: OpenStream?
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let attempt = try OpenStream(port: server.client.port, key: server.keys["dispatcher"]!)
            attempt.read(until: "\r\n\r\n", within: 5)
            if attempt.text.hasPrefix("HTTP/1.1 200") {
                again = attempt
                break
            }
            usleep(100_000)
        }
        #expect(again != nil, "a closed stream's place should be free again")
        let audit = try Self.auditLines(server, count: 1) { $0.contains("closed: client") }
        #expect(audit.contains { $0.contains("GET /v1/teams/stream  429 limited") }, "refusals are audited: \(audit)")
    }

    /// `crisismap audit` lines, read again until `count` lines satisfy `wanted`
    /// (the server writes its trail in batches).
    static func auditLines(_ server: LiveServer, count: Int, _ wanted: (String) -> Bool) throws -> [String] {
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(10)
        repeat {
            lines = try server.cli("audit").split(separator: "\n").map(String.init)
            if lines.filter(wanted).count >= count { break }
            usleep(200_000)
        } while Date() < deadline
        return lines
    }
}
