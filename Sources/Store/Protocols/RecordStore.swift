import GeoCore

/// A record the store keeps, identified by a stable external `id`.
public protocol StoredRecord: Identifiable, Hashable, Sendable where ID == String {
    /// The kind's name as users write it (`crisismap import facilities ...`).
    static var kindName: String { get }
}

extension Facility: StoredRecord { public static var kindName: String { "facilities" } }
extension Team: StoredRecord { public static var kindName: String { "teams" } }
extension CrisisCall: StoredRecord { public static var kindName: String { "calls" } }
extension Area: StoredRecord { public static var kindName: String { "areas" } }

/// How many records an upsert inserted and how many it replaced.
public struct UpsertCounts: Hashable, Sendable {
    public var inserted: Int
    public var updated: Int

    public init(inserted: Int, updated: Int) {
        self.inserted = inserted
        self.updated = updated
    }

    public var total: Int { inserted + updated }
}

/// Progress of a long store operation: which phase, and how far through it.
public struct StoreProgress: Sendable {
    public enum Phase: String, Sendable {
        case writing
        case indexing
    }

    public var phase: Phase
    public var done: Int
    public var total: Int

    public init(phase: Phase, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// Records arriving in batches while their producer (a file reader) is still
/// working, so that reading and writing overlap on two cores.
public typealias RecordBatches<Record: Sendable> = AsyncThrowingStream<[Record], any Error>

/// One table of records of one kind, behind an interface that any backend
/// (the SpatiaLite file today, PostGIS for state-wide deployments) can serve.
public protocol RecordStore<Record>: Sendable {
    associatedtype Record: StoredRecord

    /// Inserts new records and replaces existing ones with the same `id`, all
    /// in one transaction: either every record is stored or none is.
    /// A record the store refuses throws `StoreError.invalidRecord` with its
    /// index in the whole sequence; an error from `batches` is rethrown as is,
    /// after rolling back. `expectedCount` (if known) sizes progress reports.
    func upsert(
        _ batches: RecordBatches<Record>,
        expectedCount: Int?,
        progress: (@Sendable (StoreProgress) -> Void)?
    ) async throws -> UpsertCounts

    /// The record with this id, if any.
    func record(id: String) async throws -> Record?

    /// The records with these ids, ordered by id; an id with no record is
    /// skipped, a repeated one read once. A server catching up with many
    /// changes reads them in one go rather than one round trip each.
    func records(ids: [String]) async throws -> [Record]

    /// Up to `limit` records ordered by id, starting after `afterID`
    /// (keyset paging, so exports of millions of rows stay in bounded memory).
    func page(after afterID: String?, limit: Int) async throws -> [Record]

    func count() async throws -> Int

    /// Removes the record; false when there was none.
    func delete(id: String) async throws -> Bool

    /// Up to `limit` records whose geometry meets the box, ordered by id.
    func records(in box: BoundingBox, limit: Int) async throws -> [Record]
}

extension RecordStore {
    public func upsert(
        _ records: [Record],
        progress: (@Sendable (StoreProgress) -> Void)? = nil
    ) async throws -> UpsertCounts {
        let (batches, continuation) = RecordBatches<Record>.makeStream()
        continuation.yield(records)
        continuation.finish()
        return try await upsert(batches, expectedCount: records.count, progress: progress)
    }

    public func records(ids: [String]) async throws -> [Record] {
        var found: [Record] = []
        for id in Set(ids).sorted() {
            if let record = try await record(id: id) { found.append(record) }
        }
        return found
    }

    /// Every record, ordered by id. For small tables and tests; export pages.
    public func all(pageSize: Int = 10_000) async throws -> [Record] {
        var result: [Record] = []
        var last: String?
        while true {
            let batch = try await page(after: last, limit: pageSize)
            result += batch
            guard batch.count == pageSize, let tail = batch.last else { return result }
            last = tail.id
        }
    }
}

/// A whole crisismap store: one record store per kind.
public protocol CrisisStore: CallAggregateSource {
    var facilities: any NearestRecordStore<Facility> { get }
    var teams: any NearestRecordStore<Team> { get }
    var calls: any NearestRecordStore<CrisisCall> { get }
    var areas: any RecordStore<Area> { get }
    var keys: any KeyStore { get }
    var audit: any AuditLog { get }
    /// Timestamped team and facility updates (newer than stored wins).
    var live: any LiveStateStore { get }
    /// Calls from received to cleared: assignments, steps, closing.
    var lifecycle: any CallLifecycleStore { get }
    /// The road network imported from OpenStreetMap, for road-network ETAs.
    var roads: any RoadStore { get }
    /// Private releases (frozen noisy counts of closed months) and the settings they rest on.
    var releases: any ReleaseStore { get }
    /// Changes other processes made, for servers sharing one database.
    var changes: any StoreChangeFeed { get }
    /// A short human description of where the data lives (a path or URL, never a password).
    var location: String { get }

    /// Throws `StoreError.unavailable` when the database cannot answer now:
    /// what a readiness probe asks.
    func checkAvailable() async throws

    /// Writes every batch into this store in one transaction, in the order
    /// given: records replace those with the same id, keys likewise, audit
    /// entries are appended, roads replace the network, privacy settings and
    /// releases follow `ReleaseMerge`'s rules. On any failure
    /// (the stream's included) nothing of it is kept.
    func load(
        _ contents: AsyncThrowingStream<StoreContentBatch, any Error>,
        progress: (@Sendable (CopyProgress) -> Void)?
    ) async throws -> TableCounts

    /// The schema steps applied to this store, oldest first.
    func appliedMigrations() async throws -> [String]

    /// Releases connections; the store is not used afterwards.
    func close() async
}
