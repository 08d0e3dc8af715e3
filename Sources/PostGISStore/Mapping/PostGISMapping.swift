import Foundation
import PostgresNIO
import Store

/// How one kind of record maps onto its PostGIS table. Conformances sit
/// beside this file, one per kind.
protocol PostGISMapping: StoredRecord {
    static var table: String { get }
    /// The columns a record writes, in COPY order.
    static var columns: [String] { get }
    /// What `init(row:)` reads.
    static var selection: String { get }
    /// The staging table's select list over the real table (its types, no constraints).
    static var stageColumns: [String] { get }
    /// The stage-to-table expression per column (`ST_Multi(geom)` for areas).
    static var mergeExpressions: [String] { get }
    /// A WHERE condition for `records(in:)` over $1…$4 = west, south, east, north.
    static var boxCondition: String { get }

    /// The record's fields as COPY text, in `columns` order.
    var copyFields: [String?] { get }
    init(row: PostgresRandomAccessRow) throws
}

extension PostGISMapping {
    static var selection: String { columns.joined(separator: ", ") }
    static var mergeExpressions: [String] { columns }
    static var stageColumns: [String] { columns }
}

/// Points: the generated `geom` column, GiST-indexed.
protocol PostGISPointMapping: PostGISMapping, LocatedRecord {}

extension PostGISPointMapping {
    /// The index's boxes are float4, rounded outwards, so `&&` proposes and
    /// the exact lon/lat test decides, as in the SpatiaLite store.
    static var boxCondition: String {
        "geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND lon BETWEEN $1 AND $3 AND lat BETWEEN $2 AND $4"
    }
}

extension PostgresRandomAccessRow {
    /// Reads a JSON-text list of enum raw values.
    func enums<Value: RawRepresentable>(_ column: String, table: String) throws -> [Value] where Value.RawValue == String {
        try JSONColumn.enums(try value(column, as: String?.self), column: column, table: table)
    }

    func enumValue<Value: RawRepresentable>(_ column: String, table: String) throws -> Value where Value.RawValue == String {
        try JSONColumn.enumValue(try value(column, as: String.self), column: column, table: table)
    }

    func date(_ column: String) throws -> Date? {
        try value(column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }
}
