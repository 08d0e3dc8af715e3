import Foundation
import GRDB
import Store

/// SpatiaLite's reading of a record's description (Store/Records): the
/// upsert statement, the values it binds and the row decoding all follow
/// from it, so a field is added in one place. All SQL of the store stays in
/// this target.
protocol SpatiaLiteMapping: DescribedRecord {
    /// A reason the store would refuse the record, checked inside the import
    /// transaction before the insert; nil when it is acceptable.
    func rejection(in db: Database) throws -> (field: String, reason: String)?
}

extension Facility: SpatiaLiteMapping {}
extension Team: SpatiaLiteMapping {}
extension CrisisCall: SpatiaLiteMapping {}

extension SpatiaLiteMapping {
    func rejection(in db: Database) throws -> (field: String, reason: String)? { nil }

    static var table: String { recordDescription.table }

    /// The select list that `init(row:)` reads: the columns, and polygons as WKB.
    static var selection: String {
        let columns = recordDescription.columnNames.joined(separator: ", ")
        switch recordDescription.geometry {
        case .point: return columns
        case .multiPolygon: return columns + ", AsBinary(geom) AS wkb"
        }
    }

    static var upsertSQL: String {
        let columns = recordDescription.columnNames
        let geometrySQL = switch recordDescription.geometry {
        case .point: "MakePoint(?, ?, 4326)"
        // Every area is stored as a MULTIPOLYGON.
        case .multiPolygon: "CastToMultiPolygon(GeomFromWKB(?, 4326))"
        }
        let names = (columns + ["geom"]).joined(separator: ", ")
        let placeholders = (Array(repeating: "?", count: columns.count) + [geometrySQL]).joined(separator: ", ")
        let updates = (columns.filter { $0 != "id" } + ["geom"])
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(names)) VALUES (\(placeholders)) ON CONFLICT(id) DO UPDATE SET \(updates)"
    }

    init(row: Row) throws {
        self = try Self.recordDescription.decode(SpatiaLiteRow(row: row))
    }
}

/// A GRDB row read by column name; a value of the wrong storage class is an
/// error naming the column, where GRDB's subscript would stop the process.
struct SpatiaLiteRow: ColumnRow {
    let row: Row

    func text(_ column: String) throws -> String? { try value(column) }
    func integer(_ column: String) throws -> Int? { try value(column) }
    func real(_ column: String) throws -> Double? { try value(column) }
    func wellKnownBinary() throws -> Data? { try value("wkb") }

    private func value<Value: DatabaseValueConvertible>(_ column: String) throws -> Value? {
        let stored: DatabaseValue = row[column] ?? .null
        if stored.isNull { return nil }
        guard let value = Value.fromDatabaseValue(stored) else {
            throw UnreadableColumn(column: column, found: "\(stored.storage)")
        }
        return value
    }
}
