import Foundation
import GeoCore
import Store

/// Imports a file into a store: reads and checks every record first, then
/// upserts them all in one transaction, so a bad file changes nothing.
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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ImportError(file: path, message: "cannot read the file (\((error as NSError).localizedDescription))")
        }
        // Reading and checking run in their own task and hand records over in
        // batches, so the store writes one batch while the next is parsed.
        let (batches, continuation) = RecordBatches<Record>.makeStream()
        let reader = Task { () throws -> [SourceLocation] in
            do {
                let locations: [SourceLocation]
                switch format {
                case .csv:
                    locations = try CSVRecordReader<Record>(file: name, options: options)
                        .read(Array(data), progress: progress) { continuation.yield($0) }
                case .hsds:
                    preconditionFailure("HSDS directories are imported by importDirectory")
                case .geojson:
                    if let crs = options.crs, !CSVRecordReader<Record>.isWGS84(crs) {
                        throw ImportError(file: name, field: "--crs", message: "GeoJSON (RFC 7946) is always WGS84 longitude/latitude; --crs applies to CSV files")
                    }
                    let parsed = try GeoJSONRecordReader<Record>(file: name, clockSkew: options.clockSkew).read(data)
                    continuation.yield(parsed.records)
                    locations = parsed.locations
                }
                progress?(.reading(fraction: 1, rows: locations.count))
                continuation.finish()
                return locations
            } catch {
                continuation.finish(throwing: error)
                throw error
            }
        }

        // The store chooses between per-row index upkeep and one rebuild from
        // the expected size; a CSV's line count is a cheap, close estimate.
        let expected = format == .csv ? Self.lineCount(data) - 1 : nil
        let counts: UpsertCounts
        do {
            counts = try await table.upsert(batches, expectedCount: expected) { storeProgress in
                switch storeProgress.phase {
                case .writing: progress?(.writing(done: storeProgress.done, total: storeProgress.total))
                case .indexing: progress?(.indexing(total: storeProgress.total))
                }
            }
        } catch StoreError.invalidRecord(let index, let field, let reason) {
            let locations = try await reader.value
            throw ImportError(file: name, location: locations[index], field: field, message: reason)
        } catch {
            reader.cancel()
            throw error
        }
        let rows = try await reader.value.count
        return ImportReport(kind: kind, file: path, rows: rows,
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

    /// Newlines in the data, counted with memchr (a million-row file in milliseconds).
    private static func lineCount(_ data: Data) -> Int {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int in
            guard var cursor = buffer.baseAddress else { return 0 }
            let end = cursor + buffer.count
            var count = 0
            while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                count += 1
                cursor = UnsafeRawPointer(found) + 1
            }
            return count
        }
    }
}
