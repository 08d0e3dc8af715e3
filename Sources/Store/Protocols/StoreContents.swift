import Foundation

/// One slice of a whole store on its way to another: what `crisismap copy`
/// streams from the source into the destination's single transaction.
public enum StoreContentBatch: Sendable {
    case facilities([Facility])
    case teams([Team])
    case calls([CrisisCall])
    case areas([Area])
    case keys([APIKey])
    case audit([AuditEntry])
    /// The whole road network with the file it came from (roads are replaced, never merged).
    case roads([RoadEdge], source: String)
    /// The secret and budget every release was made with; before the releases.
    case privacySettings(PrivacySettings)
    /// Every release row (a few hundred at most: months, quarters, years),
    /// before any of their counts.
    case releases([ReleaseRecord])
    /// One page of one release's counts, in view, unit, bin order.
    case releaseCounts(node: String, [ReleaseCount])

    /// The table name users see in progress lines and checksums.
    public var table: String {
        switch self {
        case .facilities: "facilities"
        case .teams: "teams"
        case .calls: "calls"
        case .areas: "areas"
        case .keys: "api_keys"
        case .audit: "audit"
        case .roads: "road_edges"
        case .privacySettings: "privacy_settings"
        case .releases: "releases"
        case .releaseCounts: "release_counts"
        }
    }

    public var count: Int {
        switch self {
        case .facilities(let rows): rows.count
        case .teams(let rows): rows.count
        case .calls(let rows): rows.count
        case .areas(let rows): rows.count
        case .keys(let rows): rows.count
        case .audit(let rows): rows.count
        case .roads(let rows, _): rows.count
        case .privacySettings: 1
        case .releases(let rows): rows.count
        case .releaseCounts(_, let rows): rows.count
        }
    }
}

/// How many rows of each table a copy wrote.
public typealias TableCounts = [String: Int]

/// Progress of a copy: rows written to `table` so far, out of its total.
public struct CopyProgress: Sendable {
    public var table: String
    public var done: Int
    public var total: Int

    public init(table: String, done: Int, total: Int) {
        self.table = table
        self.done = done
        self.total = total
    }
}

extension CrisisStore {
    /// Every table of this store in keyset-paged batches (bounded memory),
    /// in dependency order: facilities, teams, calls, areas, keys, audit, roads,
    /// privacy settings, releases, then each release's counts.
    public func contents(pageSize: Int = 20_000) -> AsyncThrowingStream<StoreContentBatch, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await Self.page(facilities, pageSize, continuation) { .facilities($0) }
                    try await Self.page(teams, pageSize, continuation) { .teams($0) }
                    try await Self.page(calls, pageSize, continuation) { .calls($0) }
                    try await Self.page(areas, pageSize, continuation) { .areas($0) }
                    continuation.yield(.keys(try await keys.allKeys()))
                    continuation.yield(.audit(try await audit.entries(since: nil, limit: nil)))
                    if let summary = try await roads.roadSummary() {
                        continuation.yield(.roads(try await roads.roadEdges(), source: summary.source))
                    }
                    try await pageReleases(pageSize, continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private static func page<Record: StoredRecord>(
        _ table: any RecordStore<Record>, _ size: Int,
        _ continuation: AsyncThrowingStream<StoreContentBatch, any Error>.Continuation,
        _ wrap: ([Record]) -> StoreContentBatch
    ) async throws {
        var last: String?
        while true {
            try Task.checkCancellation()
            let batch = try await table.page(after: last, limit: size)
            if !batch.isEmpty { continuation.yield(wrap(batch)) }
            guard batch.count == size, let tail = batch.last else { return }
            last = tail.id
        }
    }

    private func pageReleases(
        _ size: Int, _ continuation: AsyncThrowingStream<StoreContentBatch, any Error>.Continuation
    ) async throws {
        if let settings = try await releases.privacySettings() { continuation.yield(.privacySettings(settings)) }
        let records = try await releases.releases()
        guard !records.isEmpty else { return }
        let archive = try releaseArchive()
        continuation.yield(.releases(records))
        for record in records {
            try await archive.forEachCountPage(node: record.node, size: size) { page in
                try Task.checkCancellation()
                continuation.yield(.releaseCounts(node: record.node, page))
            }
        }
    }

    /// Both stores' release tables are archives; a stand-in that is not cannot be copied.
    private func releaseArchive() throws -> any ReleaseArchive {
        guard let archive = releases as? any ReleaseArchive else {
            throw StoreError.database(location: location, message: "this store cannot list its release counts for a copy")
        }
        return archive
    }

    /// Row counts of every table a copy carries.
    public func tableCounts() async throws -> TableCounts {
        let releaseRows = try await releases.releases().count
        let countRows = releaseRows == 0 ? 0 : try await releaseArchive().releaseCountTotal()
        return [
            "facilities": try await facilities.count(),
            "teams": try await teams.count(),
            "calls": try await calls.count(),
            "areas": try await areas.count(),
            "api_keys": try await keys.allKeys().count,
            "audit": try await audit.entries(since: nil, limit: nil).count,
            "road_edges": try await roads.roadSummary()?.edgeCount ?? 0,
            "privacy_settings": try await releases.privacySettings() == nil ? 0 : 1,
            "releases": releaseRows,
            "release_counts": countRows,
        ]
    }

    /// A checksum per table over every row's stored values, in id order:
    /// two stores with the same checksums hold the same data, whichever backend.
    public func tableChecksums() async throws -> [String: String] {
        var digests: [String: ContentDigest] = [:]
        for try await batch in contents() {
            var digest = digests[batch.table] ?? ContentDigest()
            digest.add(batch)
            digests[batch.table] = digest
        }
        var result = digests.mapValues(\.hex)
        for table in Self.copiedTables where result[table] == nil {
            result[table] = ContentDigest().hex
        }
        return result
    }

    private static var copiedTables: [String] {
        ["facilities", "teams", "calls", "areas", "api_keys", "audit", "road_edges", "privacy_settings", "releases", "release_counts"]
    }

    /// True when no table holds a row (what a copy's destination must be).
    /// Privacy settings alone do not count: `crisismap init` makes them, and
    /// a store without releases takes the source's in a copy.
    public func isEmpty() async throws -> Bool {
        try await tableCounts().allSatisfy { $0.key == "privacy_settings" || $0.value == 0 }
    }
}
