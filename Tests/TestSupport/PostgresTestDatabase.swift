import Foundation

/// A PostgreSQL database of its own for one test, made from a template that
/// already has PostGIS (CREATE EXTENSION takes a second; a copy of the
/// template, milliseconds). Databases are not dropped one by one: DROP
/// DATABASE waits for every backend to acknowledge it, including those of
/// tests still running in this process, which a blocked test thread could
/// hold up; the whole throwaway cluster goes when the run ends.
///
/// The server comes from `Tools/postgres.sh run -- …` (what `make test`
/// does), which exports `CRISISMAP_TEST_PG`. Without it these tests fail,
/// never pass silently.
public final class PostgresTestDatabase: Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "no PostgreSQL for the tests: run them through `make test` or `bash Tools/postgres.sh run -- swift test` (CRISISMAP_TEST_PG is unset)"
        }
    }

    /// The database's URL, for `PostGISStore.open`.
    public let url: String
    public let name: String

    /// The test server's admin database URL, or nil when none was started.
    public static var serverURL: String? {
        ProcessInfo.processInfo.environment["CRISISMAP_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private static let template = "crisismap_template"
    /// Made once per test process, before the first database is copied from it.
    private static let templateReady: Result<Void, any Error> = Result {
        guard let admin = serverURL else { throw Missing() }
        let exists = try psql(admin, "SELECT 1 FROM pg_database WHERE datname = '\(template)'")
        if exists.trimmingCharacters(in: .whitespacesAndNewlines) != "1" {
            _ = try psql(admin, "CREATE DATABASE \(template)")
            _ = try psql(replacingDatabase(admin, with: template), "CREATE EXTENSION postgis")
        }
    }

    public init() throws {
        guard let admin = Self.serverURL else { throw Missing() }
        try Self.templateReady.get()
        name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        _ = try Self.psql(admin, "CREATE DATABASE \(name) TEMPLATE \(Self.template)")
        url = Self.replacingDatabase(admin, with: name)
    }

    /// Runs one SQL command through psql and returns its unaligned output.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        try Shell.run(["psql", url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    public static func replacingDatabase(_ url: String, with database: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards) else { return url }
        return url[..<slash.upperBound] + database
    }
}
