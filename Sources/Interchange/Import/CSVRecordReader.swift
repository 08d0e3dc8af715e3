import Contract
import Foundation
import GeoCore
import Store

/// Reads a CSV file into records of one kind, naming the line and field of
/// the first problem.
struct CSVRecordReader<Record: InterchangeRecord> {
    let file: String
    let options: ImportOptions
    /// The clock reported times are checked against: one reading for the whole file.
    let startedAt = Date()

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

    /// Reads every row, handing checked records over in batches as it goes.
    /// Returns where each record came from, in order.
    func read(
        _ bytes: [UInt8],
        batchSize: Int = 20_000,
        progress: ((ImportProgress) -> Void)?,
        emit: ([Record]) -> Void
    ) throws(ImportError) -> [SourceLocation] {
        var parser = CSVParser(bytes: bytes)
        guard let headerRecord = try next(&parser, header: []) else {
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
        let header = Header(names: names, consumed: Set(Record.fieldNames + geometryColumns))
        let transform = try makeTransform()

        var batch: [Record] = []
        batch.reserveCapacity(batchSize)
        var locations: [SourceLocation] = []
        var firstLine: [String: Int] = [:]
        while let record = try next(&parser, header: names) {
            let location = SourceLocation.line(record.line)
            guard record.fields.count == header.count else {
                let hint = record.fields.count < header.count ? "a truncated row or a missing comma?" : "an unquoted comma?"
                throw ImportError(file: file, location: location,
                                  message: "expected \(header.count) fields, found \(record.fields.count) (\(hint))")
            }
            let decoded: Record
            do throws(FieldErrors) {
                decoded = try decode(Row(header: header, fields: record.fields), transform: transform)
            } catch {
                throw error.located(file: file, at: location)
            }
            if let previous = firstLine.updateValue(record.line, forKey: decoded.id) {
                throw ImportError(file: file, location: location, field: "id",
                                  message: "duplicate id '\(decoded.id)' (first on line \(previous))")
            }
            batch.append(decoded)
            locations.append(location)
            if batch.count == batchSize {
                emit(batch)
                batch.removeAll(keepingCapacity: true)
                progress?(.reading(fraction: parser.fractionDone, rows: locations.count))
            }
        }
        if !batch.isEmpty { emit(batch) }
        return locations
    }

    private func next(_ parser: inout CSVParser, header: [String]) throws(ImportError) -> CSVParser.Record? {
        do {
            return try parser.next()
        } catch {
            switch error {
            case .unterminatedQuote(let line):
                throw ImportError(file: file, location: .line(line), message: "a quoted field is never closed (truncated file?)")
            case .strayQuote(let line):
                throw ImportError(file: file, location: .line(line), message: "a quote inside an unquoted field (quote the whole field and double the inner quotes)")
            case .invalidUTF8(let line, let field):
                throw ImportError(file: file, location: .line(line), field: field < header.count ? header[field] : nil,
                                  message: "holds bytes that are not UTF-8 (save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`)")
            }
        }
    }

    private func makeTransform() throws(ImportError) -> CoordinateTransform? {
        guard let crs = options.crs, !Self.isWGS84(crs) else { return nil }
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
    private func decode(_ row: Row, transform: CoordinateTransform?) throws(FieldErrors) -> Record {
        var fields = FieldReader(row, conventions: .file)
        guard let geometry = geometry(&fields, transform: transform) else { throw FieldErrors(fields.errors) }
        let decoded = Record.decode(&fields, geometry: geometry, extra: fields.values(of: row.header.extraNames))
        let record = try fields.finish(decoded)
        let ahead = options.clockSkew.problems(in: record, now: startedAt)
        if !ahead.isEmpty { throw FieldErrors(ahead) }
        return record
    }

    private func geometry(_ fields: inout FieldReader<Row>, transform: CoordinateTransform?) -> Geometry? {
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
