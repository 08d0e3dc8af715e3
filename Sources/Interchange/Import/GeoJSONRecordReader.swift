import Contract
import Foundation
import GeoCore
import Store

/// Reads an RFC 7946 FeatureCollection into records of one kind, naming the
/// feature index and property of the first problem.
struct GeoJSONRecordReader<Record: InterchangeRecord> {
    let file: String
    var clockSkew = ClockSkew()

    func read(_ data: Data) throws(ImportError) -> (records: [Record], locations: [SourceLocation]) {
        let features = try featureList(data)
        let known = Set(Record.knownFieldNames)
        var records: [Record] = []
        var locations: [SourceLocation] = []
        var firstIndex: [String: Int] = [:]
        let now = Date()
        records.reserveCapacity(features.count)
        for (index, value) in features.enumerated() {
            let location = SourceLocation.feature(index)
            guard let feature = value as? [String: Any], feature["type"] as? String == "Feature" else {
                throw ImportError(file: file, location: location, message: "is not a GeoJSON Feature object")
            }
            let record: Record
            do throws(FieldErrors) {
                record = try Self.decode(feature: feature, known: known)
                let ahead = clockSkew.problems(in: record, now: now)
                if !ahead.isEmpty { throw FieldErrors(ahead) }
            } catch {
                throw error.located(file: file, at: location)
            }
            if let previous = firstIndex.updateValue(index, forKey: record.id) {
                throw ImportError(file: file, location: location, field: "id",
                                  message: "duplicate id '\(record.id)' (first in feature \(previous))")
            }
            records.append(record)
            locations.append(location)
        }
        return (records, locations)
    }

    /// One Feature object's record, or every problem with its properties;
    /// the id may sit beside the properties (RFC 7946).
    static func decode(feature: [String: Any], known: Set<String>) throws(FieldErrors) -> Record {
        var properties = feature["properties"] as? [String: Any] ?? [:]
        if properties["id"] == nil, let id = feature["id"] { properties["id"] = id }
        guard let geometryObject = feature["geometry"], !(geometryObject is NSNull) else {
            throw FieldErrors([FieldError(field: "geometry", message: "is required")])
        }
        let geometry: Geometry
        do { geometry = try Geometry(geoJSONObject: geometryObject) } catch {
            throw FieldErrors([FieldError(field: "geometry", message: error.description)])
        }
        var fields = FieldReader(FieldValues(jsonObject: properties, emptyTextIsAbsent: true), conventions: .file)
        let extra = fields.values(of: properties.keys.filter { !known.contains($0) }.sorted())
        let record = Record.decode(&fields, geometry: geometry, extra: extra)
        return try fields.finish(record)
    }

    private func featureList(_ data: Data) throws(ImportError) -> [Any] {
        guard !data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw ImportError(file: file, message: "the file is empty (expected a GeoJSON FeatureCollection)")
        }
        var payload = data
        if payload.starts(with: [0xEF, 0xBB, 0xBF]) { payload = payload.dropFirst(3) }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: payload)
        } catch {
            let (detail, location) = Self.describe(error, in: payload)
            throw ImportError(file: file, location: location, message: "malformed JSON: \(detail)")
        }
        guard let object = root as? [String: Any], let type = object["type"] as? String else {
            throw ImportError(file: file, message: "not a GeoJSON object (no 'type' member at the top level)")
        }
        switch type {
        case "FeatureCollection":
            guard let features = object["features"] as? [Any] else {
                throw ImportError(file: file, field: "features", message: "a FeatureCollection needs a 'features' array")
            }
            return features
        case "Feature":
            return [object]
        default:
            throw ImportError(file: file, message: "expected a FeatureCollection, found a \(type)")
        }
    }

    /// Foundation's JSON errors say "around character N" or "unexpected end
    /// of file"; users need a line and column to open the file at.
    private static func describe(_ error: any Error, in data: Data) -> (String, SourceLocation?) {
        let nsError = error as NSError
        let message = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
        if message.localizedCaseInsensitiveContains("end of file") {
            return ("the file ends in the middle of a value (truncated?)", position(ofByte: data.count, in: data))
        }
        // Backwards: "Unescaped control character ... around character 12".
        guard let range = message.range(of: "character ", options: .backwards),
              let offset = Int(message[range.upperBound...].prefix { $0.isNumber }) else {
            return (message, nil)
        }
        let trimmed = message.replacingOccurrences(of: " around character \(offset)", with: "")
        return (trimmed, position(ofByte: offset, in: data))
    }

    private static func position(ofByte offset: Int, in data: Data) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return .lineColumn(line: line, column: column)
    }
}
