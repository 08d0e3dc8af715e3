import Foundation
import PostgresNIO
import Store

/// PostGIS's reading of a record's description (Store/Records): the COPY
/// columns and text, the staging and merge lists and the row decoding all
/// follow from it, so a field is added in one place.
protocol PostGISMapping: DescribedRecord {}

/// Points: the `geom` column is generated from lat/lon and GiST-indexed.
protocol PostGISPointMapping: PostGISMapping, LocatedRecord {}

extension Facility: PostGISPointMapping {}
extension Team: PostGISPointMapping {}
extension CrisisCall: PostGISPointMapping {}
extension Area: PostGISMapping {}

extension PostGISMapping {
    static var table: String { recordDescription.table }

    /// The columns a record writes, in COPY order: a point's `geom` is
    /// generated, polygons are copied as EWKB.
    static var columns: [String] {
        let names = recordDescription.columnNames
        switch recordDescription.geometry {
        case .point: return names
        case .multiPolygon: return names + ["geom"]
        }
    }

    /// What `init(row:)` reads.
    static var selection: String {
        let names = recordDescription.columnNames.joined(separator: ", ")
        switch recordDescription.geometry {
        case .point: return names
        case .multiPolygon: return names + ", ST_AsBinary(geom) AS wkb"
        }
    }

    /// The staging table's select list over the real table (its types, no
    /// constraints). Polygons are staged as any geometry, so a Polygon can
    /// become a MultiPolygon on the way in.
    static var stageColumns: [String] {
        switch recordDescription.geometry {
        case .point: columns
        case .multiPolygon: recordDescription.columnNames + ["geom::geometry AS geom"]
        }
    }

    /// The stage-to-table expression per column.
    static var mergeExpressions: [String] {
        switch recordDescription.geometry {
        case .point: columns
        case .multiPolygon: recordDescription.columnNames + ["ST_Multi(geom)"]
        }
    }

    /// A WHERE condition for `records(in:)` over $1…$4 = west, south, east, north.
    /// A point index's boxes are float4, rounded outwards, so `&&` proposes
    /// and the exact lon/lat test decides, as in the SpatiaLite store.
    static var boxCondition: String {
        switch recordDescription.geometry {
        case .point: "geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND lon BETWEEN $1 AND $3 AND lat BETWEEN $2 AND $4"
        case .multiPolygon: "geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)"
        }
    }

    /// The record's fields as COPY text, in `columns` order.
    var copyFields: [String?] {
        let description = Self.recordDescription
        var fields = description.columns.map { $0.value(self).copyText }
        if case .multiPolygon(let geometry) = description.geometry {
            fields.append(CopyField.ewkbHex(geometry(self).wellKnownBinary))
        }
        return fields
    }

    init(row: PostgresRandomAccessRow) throws {
        self = try Self.recordDescription.decode(PostGISRow(row: row))
    }
}

extension ColumnValue {
    /// COPY text: doubles in their shortest exact form, as `CopyField` writes them.
    var copyText: String? {
        switch self {
        case .null: nil
        case .text(let text): text
        case .integer(let integer): CopyField.number(integer)
        case .real(let real): CopyField.number(real)
        }
    }
}

/// A PostgresNIO row read by column name; a value of another type is an
/// error naming the column.
struct PostGISRow: ColumnRow {
    let row: PostgresRandomAccessRow

    func text(_ column: String) throws -> String? { try value(column) }
    func integer(_ column: String) throws -> Int? { try value(column) }
    func real(_ column: String) throws -> Double? { try value(column) }
    func wellKnownBinary() throws -> Data? { try value("wkb") }

    private func value<Value: PostgresDecodable>(_ column: String) throws -> Value? where Value._DecodableType == Value {
        let cell = row[column]
        do {
            return try cell.decode(Value?.self)
        } catch {
            throw UnreadableColumn(column: column, found: "a \(cell.dataType) value")
        }
    }
}
