import Foundation
import PostgresNIO

/// A `postgresql://user[:password]@host[:port]/database[?sslmode=…]` URL,
/// read into PostgresNIO's configuration. The password may come from the
/// URL or from $PGPASSWORD; `display` never shows it.
public struct PostGISURL: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// `disable` (no TLS), `prefer` (TLS when offered; the default), or
    /// `require` / `verify-full` (TLS with the server's certificate and host
    /// name verified: PostgresNIO always verifies, so the two are the same here).
    public var sslMode: String

    /// True for text that names a PostgreSQL database rather than a file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isURL(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw URLError(text, "expected postgresql://user@host:port/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw URLError(text, "the URL names no database (…/dbname at the end)") }
        self.host = host
        port = components.port ?? 5432
        user = components.user?.removingPercentEncoding ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        password = components.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require", "verify-full"].contains(sslMode) else {
            throw URLError(text, "sslmode must be disable, prefer, require or verify-full")
        }
    }

    /// Whether the database is on this machine, where traffic never crosses a network.
    public var isLoopback: Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" || host.hasPrefix("/")
    }

    /// Whether every byte to the database is encrypted to a verified server.
    public var requiresTLS: Bool { sslMode == "require" || sslMode == "verify-full" }

    /// Calls, keys and audit rows cross the network in the clear, or to an
    /// unverified server, unless the URL demands TLS: refused for a remote
    /// host unless the operator says so (`--allow-insecure-db`).
    public func checkTransport(allowInsecure: Bool) throws {
        guard !isLoopback, !requiresTLS, !allowInsecure else { return }
        throw URLError(display + "?sslmode=" + sslMode,
                       "\(host) is not this machine, so the connection must be encrypted: add ?sslmode=require (or verify-full), or pass --allow-insecure-db to accept \(sslMode == "disable" ? "plain text" : "a connection that may fall back to plain text")")
    }

    /// The URL without its password, for messages and logs.
    public var display: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case "disable": .disable
        case "require", "verify-full": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
    }

    func clientConfiguration(connectTimeout: Duration, maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 1
        return configuration
    }

    func connectionConfiguration() -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require", "verify-full": .require(try! .init(configuration: .makeClientConfiguration()))
        default: .prefer(try! .init(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    struct URLError: Error, CustomStringConvertible {
        var description: String
        init(_ text: String, _ problem: String) {
            // Never echo a password back.
            let shown = (try? NSRegularExpression(pattern: ":[^:@/]*@")).map {
                $0.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: ":***@")
            } ?? text
            description = "\(shown) is not a usable database URL: \(problem)"
        }
    }
}
