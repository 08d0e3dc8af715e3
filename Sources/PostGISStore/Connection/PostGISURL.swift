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
    /// `disable` (no TLS), `prefer` (TLS when offered; the default) or `require`.
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
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw URLError(text, "sslmode must be disable, prefer or require")
        }
    }

    /// The URL without its password, for messages and logs.
    public var display: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
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
        case "require": .require(try! .init(configuration: .makeClientConfiguration()))
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
