import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP answer, body decoded when it is JSON.
struct HTTPAnswer: CustomStringConvertible {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var contentType: String { headers["content-type"] ?? "" }
    var description: String { "\(status) \(contentType) \(text.prefix(400))" }

    /// The fields named in a problem's `errors` list.
    var problemFields: [String] {
        (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}

struct HTTPClientError: Error, CustomStringConvertible {
    var description: String
}

/// A deliberately small HTTP/1.1 client over a socket: it sends exactly the
/// bytes a test asks for (malformed bodies included) and reads raw
/// answers, chunked streams too, with a deadline.
struct HTTPClient {
    let port: Int

    /// Sends one request and reads the answer; `whileInFlight` runs after the
    /// request is sent and before the answer is read.
    func send(_ method: String, _ path: String, key: String? = nil, body: String? = nil, headers: [String: String] = [:],
              rawBody: Data? = nil, timeout: TimeInterval = 30, whileInFlight: (() throws -> Void)? = nil) throws -> HTTPAnswer {
        let connection = try Connection(port: port, timeout: timeout)
        defer { connection.close() }
        let payload = rawBody ?? body.map { Data($0.utf8) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if let payload { head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n" }
        head += "\r\n"
        try connection.write(Data(head.utf8) + (payload ?? Data()))
        try whileInFlight?()
        return try Self.parse(connection.readToEnd())
    }

    /// Opens a stream and reads until `until` appears in the body or the time is up.
    func stream(_ path: String, key: String, readFor seconds: TimeInterval, until marker: String,
                whileOpen: () throws -> Void) throws -> String {
        let connection = try Connection(port: port, timeout: 0.25)
        defer { connection.close() }
        try connection.write(Data("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\n\r\n".utf8))
        var received = Data()
        let deadline = Date().addingTimeInterval(seconds)
        var triggered = false
        while Date() < deadline {
            guard let chunk = connection.readAvailable() else { break }
            received += chunk
            let text = String(decoding: received, as: UTF8.self)
            if !triggered, text.contains(": connected") {
                triggered = true
                try whileOpen()
            }
            if triggered, text.contains(marker) { return text }
        }
        return String(decoding: received, as: UTF8.self)
    }

    static func parse(_ data: Data) throws -> HTTPAnswer {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw HTTPClientError(description: "no complete HTTP head in \(data.count) bytes")
        }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw HTTPClientError(description: "bad status line \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return HTTPAnswer(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let end = rest.index(start, offsetBy: size, limitedBy: rest.endIndex) ?? rest.endIndex
            result += rest[start..<end]
            rest = rest[min(rest.endIndex, rest.index(end, offsetBy: 2, limitedBy: rest.endIndex) ?? rest.endIndex)...]
        }
        return result
    }
}

/// An event stream held open across the steps of a test.
final class OpenStream {
    private let connection: Connection
    private(set) var text = ""
    private(set) var closedByServer = false

    init(port: Int, path: String = "/v1/teams/stream", key: String) throws {
        connection = try Connection(port: port, timeout: 0.25)
        try connection.write(Data("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\n\r\n".utf8))
    }

    /// Reads until `marker` has arrived (true), or the server closed the
    /// connection or `seconds` passed without it (false).
    @discardableResult
    func read(until marker: String, within seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !text.contains(marker), !closedByServer, Date() < deadline {
            guard let chunk = connection.readAvailable() else {
                closedByServer = true
                break
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text.contains(marker)
    }

    /// Reads until the server ends the response (the last chunk) or closes
    /// the connection; the seconds that took, or nil if neither within `seconds`.
    func waitForEnd(within seconds: TimeInterval) -> TimeInterval? {
        let started = Date()
        let ended = read(until: "\r\n0\r\n\r\n", within: seconds)
        return ended || closedByServer ? Date().timeIntervalSince(started) : nil
    }

    func close() { connection.close() }

    deinit { connection.close() }
}

/// A blocking TCP connection to 127.0.0.1 with a receive timeout.
final class Connection {
    private let socketFD: Int32

    init(port: Int, timeout: TimeInterval) throws {
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw HTTPClientError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(socketFD)
            throw HTTPClientError(description: "cannot connect to 127.0.0.1:\(port)")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - floor(timeout)) * 1_000_000))
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    func write(_ data: Data) throws {
        var offset = 0
        while offset < data.count {
            let sent = data[offset...].withUnsafeBytes { Glibc.send(socketFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer (413) and close before reading everything.
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// What has arrived (empty after a timeout), or nil once the server closed the connection.
    func readAvailable() -> Data? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socketFD, &buffer, buffer.count, 0)
        if count == 0 { return nil }
        return count > 0 ? Data(buffer[0..<count]) : Data()
    }

    func readToEnd() throws -> Data {
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socketFD, &buffer, buffer.count, 0)
            if count > 0 {
                result += buffer[0..<count]
            } else if count == 0 {
                return result
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK { throw HTTPClientError(description: "timed out after \(result.count) bytes") }
                return result
            }
        }
    }

    private var closed = false

    /// Once only: a second close could hit a descriptor number reused since.
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(socketFD)
    }
}
