import Contract
import Foundation
import GeoCore
import Store

/// Reads a CSV file into records of one kind, a batch at a time, naming
/// the line and field of the first problem.
///
/// Memory stays flat however long the file: the file is read in pieces
/// (`CSVChunks`), record lines are kept as runs (`RecordLines`) and repeated
/// ids are caught by a fixed-size filter whose rare "maybe" is confirmed by
/// reading the file again (`RepeatedIDFilter`).
struct CSVRecordReader<Record: InterchangeRecord>: RecordBatchSource {
    let file: String
    let path: String
    let options: ImportOptions
    let batchSize: Int
    /// The clock reported times are checked against: one reading for the whole file.
    let startedAt = Date()
    /// Records in the file, estimated from its first piece (exact when that is the whole file).
    let expectedCount: Int?

    private var records: CSVFileRecords
    private let header: Header
    private let transform: CoordinateTransform?
    private var lines = RecordLines()
    private var repeats: RepeatedIDFilter
    /// Ids the filter may have seen before: checked against the file when reading ends or fails.
    private var suspects: Set<String> = []

    /// The header of one file, shared by all its rows.
    final class Header {
        let index: [String: Int]
        let names: [String]
        let extraNames: [String]
        let count: Int

        init(names: [String], consumed: Set<String>) {
            var index: [String: Int] = [:]
            for (i, name) in names.enumerated() { index[name] = i }
            self.index = index
            self.names = names
            self.count = names.count
            self.extraNames = names.filter { !consumed.contains($0) }
        }
    }

    struct Row: FieldSource {
        let header: Header
        let fields: [String]

        func value(_ name: String) -> FieldValue? {
            guard let i = header.index[name] else { return nil }
            let text = fields[i]
            return text.isEmpty ? nil : .text(text)
        }

        var names: [String] { header.names }
    }

    /// Opens the file and checks its header.
    init(
        path: String, file: String, options: ImportOptions,
        batchSize: Int = 20_000, readSize: Int = 4 << 20, repeatFilter: RepeatedIDFilter? = nil
    ) throws(ImportError) {
        self.path = path
        self.file = file
        self.options = options
        self.batchSize = batchSize
        do throws(CSVFileRecords.Failure) {
            records = try CSVFileRecords(path: path, readSize: readSize)
        } catch {
            throw Self.importError(error, header: [], file: file, path: path)
        }
        expectedCount = max(0, records.estimatedLineCount - 1)
        repeats = repeatFilter ?? RepeatedIDFilter(expectedCount: expectedCount ?? 0)

        guard let headerRecord = try Self.next(&records, header: [], file: file, path: path) else {
            throw ImportError(file: file, message: "the file is empty (expected a header row)")
        }
        let names = headerRecord.fields.map { $0.trimmedSpaces }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw ImportError(file: file, location: .line(1), field: name, message: "column appears twice in the header")
        }
        let geometryColumns = Record.isPoint ? [options.xColumn, options.yColumn] : ["geometry"]
        for column in geometryColumns where !seen.contains(column) {
            throw ImportError(file: file, location: .line(1), field: column,
                              message: "column missing from the header (found: \(names.joined(separator: ", ")))")
        }
        for column in Record.requiredFieldNames where !seen.contains(column) {
            throw ImportError(file: file, location: .line(1), field: column,
                              message: "required column missing from the header (found: \(names.joined(separator: ", ")))")
        }
        header = Header(names: names, consumed: Set(Record.knownFieldNames + geometryColumns))
        transform = try Self.makeTransform(options.crs, file: file)
    }

    /// The next batch of checked records, or nil after the last.
    mutating func nextBatch(progress: ((ImportProgress) -> Void)?) throws(ImportError) -> [Record]? {
        var batch: [Record] = []
        batch.reserveCapacity(batchSize)
        while batch.count < batchSize, let record = try Self.next(&records, header: header.names, file: file, path: path) {
            let location = SourceLocation.line(record.line)
            guard record.fields.count == header.count else {
                let hint = record.fields.count < header.count ? "a truncated row or a missing comma?" : "an unquoted comma?"
                throw firstRepeat(before: record.line) ?? ImportError(
                    file: file, location: location,
                    message: "expected \(header.count) fields, found \(record.fields.count) (\(hint))")
            }
            let decoded: Record
            do throws(FieldErrors) {
                decoded = try decode(Row(header: header, fields: record.fields))
            } catch {
                throw firstRepeat(before: record.line) ?? error.located(file: file, at: location)
            }
            if repeats.insert(decoded.id) { suspects.insert(decoded.id) }
            batch.append(decoded)
            lines.append(line: record.line)
        }
        if batch.isEmpty, let repeated = firstRepeat(before: nil) { throw repeated }
        progress?(.reading(fraction: records.fractionDone, rows: lines.count))
        return batch.isEmpty ? nil : batch
    }

    var recordsRead: Int { lines.count }

    /// The error for a record the store refused: a repeated id earlier in the file comes first.
    func refusal(ofRecord index: Int, field: String?, reason: String) -> ImportError {
        let line = lines.line(ofRecord: index)
        return firstRepeat(before: line) ?? ImportError(file: file, location: .line(line), field: field, message: reason)
    }

    /// The first id that appears twice before `limit` (the whole file when nil),
    /// found by reading the file again for the suspects only.
    private func firstRepeat(before limit: Int?) -> ImportError? {
        guard !suspects.isEmpty, let idColumn = header.index["id"],
              var again = try? CSVFileRecords(path: path) else { return nil }
        defer { again.close() }
        var firstLine: [String: Int] = [:]
        var isHeader = true
        while true {
            let next: CSVParser.Record?
            do { next = try again.next() } catch { return nil }
            guard let record = next else { return nil }
            if isHeader {
                isHeader = false
                continue
            }
            if let limit, record.line >= limit { return nil }
            guard idColumn < record.fields.count, suspects.contains(record.fields[idColumn]) else { continue }
            let id = record.fields[idColumn]
            if let previous = firstLine.updateValue(record.line, forKey: id) {
                return ImportError(file: file, location: .line(record.line), field: "id",
                                   message: "duplicate id '\(id)' (first on line \(previous))")
            }
        }
    }

    private static func next(
        _ records: inout CSVFileRecords, header: [String], file: String, path: String
    ) throws(ImportError) -> CSVParser.Record? {
        do {
            return try records.next()
        } catch {
            throw importError(error, header: header, file: file, path: path)
        }
    }

    private static func importError(_ failure: CSVFileRecords.Failure, header: [String], file: String, path: String) -> ImportError {
        switch failure {
        case .read(let error):
            return ImportError(file: path, message: "cannot read the file (\((error as NSError).localizedDescription))")
        case .parse(.unterminatedQuote(let line)):
            return ImportError(file: file, location: .line(line), message: "a quoted field is never closed (truncated file?)")
        case .parse(.strayQuote(let line)):
            return ImportError(file: file, location: .line(line), message: "a quote inside an unquoted field (quote the whole field and double the inner quotes)")
        case .parse(.invalidUTF8(let line, let field)):
            return ImportError(file: file, location: .line(line), field: field < header.count ? header[field] : nil,
                               message: "holds bytes that are not UTF-8 (save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`)")
        }
    }

    private static func makeTransform(_ crs: String?, file: String) throws(ImportError) -> CoordinateTransform? {
        guard let crs, !isWGS84(crs) else { return nil }
        do {
            return try CoordinateTransform(from: crs, to: "EPSG:4326")
        } catch {
            throw ImportError(file: file, field: "--crs", message: error.description)
        }
    }

    static func isWGS84(_ crs: String) -> Bool {
        ["EPSG:4326", "OGC:CRS84", "WGS84"].contains(crs.uppercased())
    }

    /// The row's record, or every problem with it (a bad position first: without one nothing else matters).
    private func decode(_ row: Row) throws(FieldErrors) -> Record {
        var fields = FieldReader(row, conventions: .file)
        guard let geometry = geometry(&fields) else { throw FieldErrors(fields.errors) }
        let decoded = Record.decode(&fields, geometry: geometry, extra: fields.values(of: row.header.extraNames))
        let record = try fields.finish(decoded)
        let ahead = options.clockSkew.problems(in: record, now: startedAt)
        if !ahead.isEmpty { throw FieldErrors(ahead) }
        return record
    }

    private func geometry(_ fields: inout FieldReader<Row>) -> Geometry? {
        guard Record.isPoint else {
            guard let text = fields.string("geometry", required: true) else { return nil }
            do {
                return try Geometry(geoJSONText: text)
            } catch let error as GeoJSONGeometryError {
                fields.fail("geometry", error.description)
            } catch {
                fields.fail("geometry", "is not a GeoJSON geometry object")
            }
            return nil
        }
        guard let x = fields.double(options.xColumn, required: true) else { return nil }
        guard let y = fields.double(options.yColumn, required: true) else { return nil }
        if let transform {
            do {
                return .point(try transform.coordinate(x: x, y: y))
            } catch {
                fields.fail("\(options.xColumn)/\(options.yColumn)", "(\(x), \(y)) in \(transform.source) is not a valid position: \(error)")
                return nil
            }
        }
        do {
            return .point(try Coordinate(latitude: y, longitude: x))
        } catch {
            fields.fail(error.axis == .latitude ? options.yColumn : options.xColumn, error.description)
            return nil
        }
    }
}
