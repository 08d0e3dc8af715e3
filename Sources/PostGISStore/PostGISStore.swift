import Foundation
import Logging
import PostgresNIO
import Store

/// The state-wide store: PostgreSQL + PostGIS through PostgresNIO's
/// connection pool. Several `crisismap serve` processes share one; the
/// database decides which update is newest, and every committed team or
/// facility change is announced on `crisismap_changes` (LISTEN/NOTIFY).
public final class PostGISStore: CrisisStore {
    public enum OpenMode: Sendable {
        /// Fail with `StoreError.missing` when the database holds no crisismap schema.
        case existing
        /// Create the schema in an empty database.
        case createIfMissing
    }

    /// The notification channel every store instance listens on.
    static let channel = "crisismap_changes"

    public let location: String
    let url: PostGISURL
    let client: PostgresClient
    let logger: Logger
    /// Tells this instance's own notifications apart from other servers'.
    let origin = UUID().uuidString
    /// Filled only while a change feed of this store listens.
    let keyCache = KeyCache()
    /// How long one request may wait for the database before answering 503.
    let timeout: Duration
    private let runner: Task<Void, Never>
    /// The database's own I/O thread. On the HTTP server's event loops, a
    /// saturated server left PostgreSQL's answers unread for seconds (health
    /// checks and audit writes timed out); a thread that mostly sleeps is
    /// scheduled as soon as an answer arrives.
    let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    public var facilities: any NearestRecordStore<Facility> { PostGISTable<Facility>(store: self) }
    public var teams: any NearestRecordStore<Team> { PostGISTable<Team>(store: self) }
    public var calls: any NearestRecordStore<CrisisCall> { PostGISTable<CrisisCall>(store: self) }
    public var areas: any RecordStore<Area> { PostGISTable<Area>(store: self) }
    public var keys: any KeyStore { PostGISKeys(store: self) }
    public var audit: any AuditLog { PostGISKeys(store: self) }
    public var live: any LiveStateStore { PostGISLiveState(store: self) }
    public var lifecycle: any CallLifecycleStore { PostGISLifecycle(store: self) }
    public var roads: any RoadStore { PostGISRoads(store: self) }
    public var releases: any ReleaseStore { PostGISReleases(store: self) }
    public var changes: any StoreChangeFeed { PostGISChangeFeed(store: self) }

    private init(url: PostGISURL, timeout: Duration, maximumConnections: Int, logger: Logger) {
        self.url = url
        self.location = url.display
        self.timeout = timeout
        self.logger = logger
        client = PostgresClient(
            configuration: url.clientConfiguration(connectTimeout: min(timeout, .seconds(3)), maximumConnections: maximumConnections),
            eventLoopGroup: eventLoopGroup, backgroundLogger: logger)
        runner = Task { [client] in await client.run() }
    }

    /// Connects, checks the database is a crisismap store (or empty, for
    /// `createIfMissing`) and applies the schema steps it lacks.
    public static func open(
        _ urlText: String, mode: OpenMode = .existing, timeout: Duration = .seconds(5), maximumConnections: Int = 8,
        logger: Logger = Logger(label: "crisismap.postgis", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> PostGISStore {
        let url: PostGISURL
        do { url = try PostGISURL(urlText) } catch {
            throw StoreError.database(location: urlText.hasPrefix("postgres") ? "database URL" : urlText, message: "\(error)")
        }
        let store = PostGISStore(url: url, timeout: timeout, maximumConnections: maximumConnections, logger: logger)
        do {
            try await store.prepareSchema(mode: mode)
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    public func close() async {
        runner.cancel()
        await runner.value
        try? await eventLoopGroup.shutdownGracefully()
    }

    public func checkAvailable() async throws {
        _ = try await rows("SELECT 1") { _ in 1 }
    }

    // MARK: Running statements

    /// A query with the request deadline, its rows decoded by `decode`.
    func rows<T: Sendable>(
        _ query: PostgresQuery, deadline: Bool = true, _ decode: @escaping @Sendable (PostgresRandomAccessRow) throws -> T
    ) async throws -> [T] {
        try await guarded(deadline: deadline) { [client, logger] in
            var result: [T] = []
            for try await row in try await client.query(query, logger: logger) {
                result.append(try decode(row.makeRandomAccess()))
            }
            return result
        }
    }

    /// A statement whose rows (if any) are not needed.
    func execute(_ query: PostgresQuery, deadline: Bool = true) async throws {
        _ = try await guarded(deadline: deadline) { [client, logger] in
            try await client.query(query, logger: logger)
        }
    }

    /// `body` in one transaction on one pooled connection. Bulk work passes
    /// `deadline: false`: a million-row import may take longer than a request.
    func transaction<T: Sendable>(
        deadline: Bool = true, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await guarded(deadline: deadline) { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    func guarded<T: Sendable>(deadline: Bool, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return deadline ? try await withDeadline(timeout, location: location, body) : try await body()
        } catch {
            throw PostGISErrors.map(error, location: location)
        }
    }

    // MARK: Schema

    private func prepareSchema(mode: OpenMode) async throws {
        let location = self.location
        let ledger = PostGISSchema.table
        try await transaction(deadline: false) { connection in
            // One migrating process at a time: servers started together wait here.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('crisismap-migrations'))", logger: self.logger)
            let present = try await connection.query(
                "SELECT to_regclass(\(ledger)) IS NOT NULL", logger: self.logger).collect().first?.decode(Bool.self) ?? false
            var applied: [String] = []
            if present {
                applied = try await connection.query(
                    "SELECT identifier FROM \(unescaped: ledger) ORDER BY identifier", logger: self.logger
                ).collect().map { try $0.decode(String.self) }
            } else {
                let others = try await connection.query("""
                    SELECT table_name FROM information_schema.tables
                    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys'
                    ORDER BY table_name LIMIT 3
                    """, logger: self.logger).collect().map { try $0.decode(String.self) }
                if !others.isEmpty {
                    throw StoreError.notAStore(location: location, reason: "it holds other tables (\(others.joined(separator: ", "))) and no crisismap schema")
                }
                guard mode == .createIfMissing else { throw StoreError.missing(location: location) }
                try await connection.query(
                    "CREATE TABLE \(unescaped: ledger) (identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: self.logger)
            }
            let known = Set(PostGISSchema.migrations.map(\.0))
            let unknown = applied.filter { !known.contains($0) }
            if !unknown.isEmpty { throw StoreError.newerVersion(location: location, unknownMigrations: unknown) }
            if present, !applied.contains(PostGISSchema.firstMigration) {
                throw StoreError.notAStore(location: location, reason: "its schema was not made by crisismap")
            }
            for (identifier, sql) in PostGISSchema.migrations where !applied.contains(identifier) {
                // The extended protocol takes one statement at a time.
                for statement in sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await connection.query("INSERT INTO \(unescaped: ledger) (identifier) VALUES (\(identifier))", logger: self.logger)
            }
            try await PostGISSchemaCheck(connection: connection, logger: self.logger, location: location).run()
        }
    }

    /// The schema steps applied, oldest first.
    public func appliedMigrations() async throws -> [String] {
        // In the order they were registered: sorting the names would put v10 before v2.
        let applied = Set(try await rows("SELECT identifier FROM \(unescaped: PostGISSchema.table)") { try $0[0].decode(String.self) })
        return PostGISSchema.migrations.map(\.0).filter(applied.contains)
    }

    // MARK: Notifications

    /// Queues a change notice inside the caller's transaction: PostgreSQL
    /// delivers it to every listener when (and only if) that commits.
    func notify(_ change: StoreChange, on connection: PostgresConnection) async throws {
        try await notify(ChangeNotice(origin: origin, change: change), on: connection)
    }

    func notify(_ notice: ChangeNotice, on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(Self.channel), \(notice.text))", logger: logger)
    }

    /// Sends notices for changes that have already committed, in a
    /// transaction of their own (why: `PostGISLiveState`). A failure is
    /// logged, not thrown: the change itself is stored and acknowledged.
    func announce(_ changes: [StoreChange]) async {
        guard !changes.isEmpty else { return }
        let payloads = changes.map { ChangeNotice(origin: origin, change: $0).text }
        do {
            try await execute("SELECT pg_notify(\(Self.channel), notice) FROM unnest(\(payloads)::text[]) AS notice")
        } catch {
            logger.warning("could not tell other servers of a change", metadata: ["changes": "\(changes.count)", "error": "\(error)"])
        }
    }
}

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    /// Seconds since 1970 in a float8 column.
    func date(_ column: String) throws -> Date? {
        try value(column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }
}
