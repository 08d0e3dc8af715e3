import Foundation
import GeoCore
import Store
import Synchronization

/// Imports a file into a store: reads, checks and upserts its records a
/// batch at a time in one transaction, so a bad file changes nothing.
public struct Importer: Sendable {
    public let store: any CrisisStore

    public init(store: any CrisisStore) {
        self.store = store
    }

    public func importFile(
        _ path: String,
        kind: RecordKind,
        options: ImportOptions = ImportOptions(),
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportReport {
        switch kind {
        case .facilities: try await load(path, into: store.facilities, kind: kind, options: options, progress: progress)
        case .teams: try await load(path, into: store.teams, kind: kind, options: options, progress: progress)
        case .calls: try await load(path, into: store.calls, kind: kind, options: options, progress: progress)
        case .areas: try await load(path, into: store.areas, kind: kind, options: options, progress: progress)
        }
    }

    private func load<Record: InterchangeRecord>(
        _ path: String,
        into table: any RecordStore<Record>,
        kind: RecordKind,
        options: ImportOptions,
        progress: (@Sendable (ImportProgress) -> Void)?
    ) async throws -> ImportReport {
        let name = (path as NSString).lastPathComponent
        let format = try options.format ?? FileFormat(path: path) ?? {
            throw ImportError(file: name, message: "cannot tell the format from the name; use .geojson, .csv, a folder or .zip (HSDS), or pass --format")
        }()
        if format == .hsds {
            guard let facilities = table as? any RecordStore<Facility> else {
                throw ImportError(file: name, message: "Open Referral HSDS directories hold facilities only")
            }
            return try await importDirectory(path, into: facilities, options: options, progress: progress)
        }
        switch format {
        case .csv:
            let reader = try CSVRecordReader<Record>(path: path, file: name, options: options)
            return try await write(reader, into: table, kind: kind, path: path, progress: progress)
        case .geojson:
            if let crs = options.crs, !CSVRecordReader<Record>.isWGS84(crs) {
                throw ImportError(file: name, field: "--crs", message: "GeoJSON (RFC 7946) is always WGS84 longitude/latitude; --crs applies to CSV files")
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ImportError(file: path, message: "cannot read the file (\((error as NSError).localizedDescription))")
            }
            let records = try GeoJSONRecords(reading: GeoJSONRecordReader<Record>(file: name, clockSkew: options.clockSkew), data: data)
            return try await write(records, into: table, kind: kind, path: path, progress: progress)
        case .hsds:
            preconditionFailure("HSDS directories are imported by importDirectory")
        }
    }

    /// Upserts what `source` reads, in one transaction. The store pulls each
    /// batch when it is ready for more, so reading runs at most a few batches
    /// ahead of writing: the two overlap on two cores, and memory stays flat.
    private func write<Source: RecordBatchSource>(
        _ source: sending Source,
        into table: any RecordStore<Source.Record>,
        kind: RecordKind,
        path: String,
        progress: (@Sendable (ImportProgress) -> Void)?
    ) async throws -> ImportReport {
        let expected = source.expectedCount
        let shared = SharedSource(source)
        let batches = RecordBatches<Source.Record>(unfolding: { try shared.nextBatch(progress: progress) })
        let counts: UpsertCounts
        do {
            counts = try await table.upsert(batches, expectedCount: expected) { storeProgress in
                switch storeProgress.phase {
                case .writing: progress?(.writing(done: storeProgress.done, total: storeProgress.total))
                case .indexing: progress?(.indexing(total: storeProgress.total))
                }
            }
        } catch StoreError.invalidRecord(let index, let field, let reason) {
            throw shared.refusal(ofRecord: index, field: field, reason: reason)
        }
        return ImportReport(kind: kind, file: path, rows: shared.recordsRead,
                            inserted: counts.inserted, updated: counts.updated)
    }

    /// An HSDS directory (or .zip of one) into facilities, in one transaction.
    private func importDirectory(
        _ path: String,
        into table: any RecordStore<Facility>,
        options: ImportOptions,
        progress: (@Sendable (ImportProgress) -> Void)?
    ) async throws -> ImportReport {
        let source = try HSDSSource(path: path)
        defer { source.cleanUp() }
        let read = try HSDSDirectoryReader(folder: source.folder, timeZone: options.timeZone, reference: options.referenceDate).read()
        progress?(.reading(fraction: 1, rows: read.facilities.count))
        let counts: UpsertCounts
        do {
            counts = try await table.upsert(read.facilities)
        } catch StoreError.invalidRecord(let index, let field, let reason) {
            let location = read.locations[index]
            throw ImportError(file: (path as NSString).lastPathComponent, location: location, field: field, message: reason)
        }
        return ImportReport(kind: .facilities, file: path, rows: read.facilities.count,
                            inserted: counts.inserted, updated: counts.updated, warnings: read.warnings)
    }
}

/// A source the store's pulls reach from its own task, one call at a time.
private final class SharedSource<Source: RecordBatchSource>: Sendable {
    private let source: Mutex<Source>

    init(_ source: sending Source) {
        self.source = Mutex(source)
    }

    func nextBatch(progress: (@Sendable (ImportProgress) -> Void)?) throws(ImportError) -> [Source.Record]? {
        try source.withLock { (source) throws(ImportError) -> [Source.Record]? in try source.nextBatch(progress: progress) }
    }

    func refusal(ofRecord index: Int, field: String?, reason: String) -> ImportError {
        source.withLock { $0.refusal(ofRecord: index, field: field, reason: reason) }
    }

    var recordsRead: Int { source.withLock { $0.recordsRead } }
}
