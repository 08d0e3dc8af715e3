import AtomicFile
import Foundation
import GeoCore
import Store

/// Writes a store's records of one kind as GeoJSON or CSV in the same
/// shape `Importer` reads, so that import(export(x)) gives the same store.
public struct Exporter: Sendable {
    public let store: any CrisisStore
    /// Records fetched per page; bounds memory for exports of millions of calls.
    public var pageSize = 20_000

    public init(store: any CrisisStore) {
        self.store = store
    }

    /// Exports to `path` (written to a temporary file and renamed, so a failed
    /// export never leaves a half-written file), or to standard output when nil.
    @discardableResult
    public func export(_ kind: RecordKind, format: FileFormat, to path: String?) async throws -> Int {
        let output = try ExportOutput(path: path)
        do {
            let count: Int
            switch kind {
            case .facilities: count = try await write(store.facilities, format: format, to: output)
            case .teams: count = try await write(store.teams, format: format, to: output)
            case .calls: count = try await write(store.calls, format: format, to: output)
            case .areas: count = try await write(store.areas, format: format, to: output)
            }
            try output.commit()
            return count
        } catch {
            output.discard()
            throw error
        }
    }

    private func write<Record: InterchangeRecord>(
        _ table: any RecordStore<Record>, format: FileFormat, to output: ExportOutput
    ) async throws -> Int {
        switch format {
        case .geojson: try await writeGeoJSON(table, to: output)
        case .csv: try await writeCSV(table, to: output)
        case .hsds: throw ImportError(file: "export", field: "--format", message: "HSDS export is not available yet; use geojson or csv")
        }
    }

    private func pages<Record: InterchangeRecord>(
        _ table: any RecordStore<Record>, _ body: ([Record]) throws -> Void
    ) async throws -> Int {
        var last: String?
        var count = 0
        while true {
            let page = try await table.page(after: last, limit: pageSize)
            try body(page)
            count += page.count
            guard page.count == pageSize, let tail = page.last else { return count }
            last = tail.id
        }
    }

    private func writeGeoJSON<Record: InterchangeRecord>(
        _ table: any RecordStore<Record>, to output: ExportOutput
    ) async throws -> Int {
        try output.write("{\"type\":\"FeatureCollection\",\"features\":[\n")
        var first = true
        let count = try await pages(table) { records in
            var chunk = ""
            for record in records {
                let feature = FeatureCodec.object(record)
                let data = try JSONSerialization.data(withJSONObject: feature, options: [.sortedKeys, .withoutEscapingSlashes])
                if !first { chunk += ",\n" }
                first = false
                chunk += String(decoding: data, as: UTF8.self)
            }
            try output.write(chunk)
        }
        try output.write("\n]}\n")
        return count
    }

    private func writeCSV<Record: InterchangeRecord>(
        _ table: any RecordStore<Record>, to output: ExportOutput
    ) async throws -> Int {
        // Extra properties become columns, as do the when-used fields some
        // record has; a first pass finds them all.
        var extraNames = Set<String>()
        var usedNames = Set<String>()
        let whenUsed = Set(Record.fieldNamesWhenUsed)
        _ = try await pages(table) { records in
            for record in records {
                extraNames.formUnion(record.extra.keys)
                for (name, value) in record.exportFields where whenUsed.contains(name) {
                    if case .null = value { continue }
                    usedNames.insert(name)
                }
            }
        }
        let extras = extraNames.sorted()
        let columns = Set(Record.fieldNames).union(usedNames)
        let geometryColumns = Record.isPoint ? ["lat", "lon"] : ["geometry"]
        var writer = CSVWriter()
        writer.writeRow(Record.knownFieldNames.filter(columns.contains) + geometryColumns + extras)
        try output.write(writer.drain())
        return try await pages(table) { records in
            for record in records {
                var row = record.exportFields.filter { columns.contains($0.0) }.map { $0.1.csvText }
                switch record.geometry {
                case .point(let c): row += [String(c.latitude), String(c.longitude)]
                default: row.append(try record.geometry.geoJSONText())
                }
                row += extras.map { record.extra[$0].map { ExportValue.json($0).csvText } ?? "" }
                writer.writeRow(row)
            }
            try output.write(writer.drain())
        }
    }
}

extension ExportValue {
    var foundationValue: Any? {
        switch self {
        case .text(let text): text
        case .integer(let value): value
        case .number(let value): value
        case .list(let items): items
        case .json(let value): value.foundationValue
        case .null: nil
        }
    }
}

extension JSONValue {
    var foundationValue: Any {
        switch self {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): number
        case .string(let text): text
        case .array(let items): items.map(\.foundationValue)
        case .object(let object): object.mapValues(\.foundationValue)
        }
    }
}

/// An export destination: a file written atomically, or standard output.
final class ExportOutput {
    private let handle: FileHandle
    private let finalPath: String?
    private let temporaryPath: String?

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            finalPath = nil
            temporaryPath = nil
            return
        }
        let temporary = AtomicFile.temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw ImportError(file: path, message: "cannot create the output file (check the folder exists and is writable)")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        finalPath = path
        temporaryPath = temporary
    }

    func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }

    func commit() throws {
        guard let finalPath, let temporaryPath else { return }
        try handle.close()
        try AtomicFile.commit(temporaryPath, to: finalPath)
    }

    func discard() {
        guard let temporaryPath else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}
