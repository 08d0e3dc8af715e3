import Foundation
import GeoCore

/// One row as a backend read it, by column name. Each backend adapts its
/// own row type (GRDB's `Row`, PostgresNIO's random-access row) to this.
public protocol ColumnRow {
    func text(_ column: String) throws -> String?
    func integer(_ column: String) throws -> Int?
    func real(_ column: String) throws -> Double?
    /// The geometry column as WKB (each backend selects it as `wkb`).
    func wellKnownBinary() throws -> Data?
}

/// A value a backend found in a column but could not read as the type the
/// description gives it (text where a number belongs, say).
public struct UnreadableColumn: Error, Sendable {
    public let column: String
    /// What the column held, in the backend's words.
    public let found: String

    public init(column: String, found: String) {
        self.column = column
        self.found = found
    }
}

/// Reads a record's fields from a backend's row, turning a NULL where the
/// description allows none, an unknown enum value or malformed JSON into a
/// `StoreError` that names the table and the column.
public struct RecordRow {
    public let table: String
    private let row: any ColumnRow

    public init(_ row: any ColumnRow, table: String) {
        self.row = row
        self.table = table
    }

    public func text(_ column: String) throws -> String { try required(read { try row.text(column) }, column) }
    public func optionalText(_ column: String) throws -> String? { try read { try row.text(column) } }
    public func integer(_ column: String) throws -> Int { try required(read { try row.integer(column) }, column) }
    public func optionalInteger(_ column: String) throws -> Int? { try read { try row.integer(column) } }
    public func real(_ column: String) throws -> Double { try required(read { try row.real(column) }, column) }

    public func time(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try real(column))
    }

    public func optionalTime(_ column: String) throws -> Date? {
        try read { try row.real(column) }.map(Date.init(timeIntervalSince1970:))
    }

    /// The `lat`/`lon` pair a point record is stored with.
    public func coordinate() throws -> Coordinate {
        Coordinate(uncheckedLatitude: try real("lat"), longitude: try real("lon"))
    }

    public func enumValue<Value: RawRepresentable>(_ column: String) throws -> Value where Value.RawValue == String {
        try JSONColumn.enumValue(try text(column), column: column, table: table)
    }

    public func optionalEnum<Value: RawRepresentable>(_ column: String) throws -> Value? where Value.RawValue == String {
        try optionalText(column).map { try JSONColumn.enumValue($0, column: column, table: table) }
    }

    public func list(_ column: String) throws -> [String] {
        try JSONColumn.strings(try optionalText(column), column: column, table: table)
    }

    public func enums<Value: RawRepresentable>(_ column: String) throws -> [Value] where Value.RawValue == String {
        try JSONColumn.enums(try optionalText(column), column: column, table: table)
    }

    public func extra() throws -> [String: JSONValue] {
        try JSONColumn.extra(try optionalText("extra"), table: table)
    }

    /// The stored polygons; `id` names the record when they cannot be read.
    public func geometry(id: String) throws -> Geometry {
        guard let wkb = try read({ try row.wellKnownBinary() }), let geometry = try? Geometry(wellKnownBinary: wkb) else {
            throw StoreError.database(location: table, message: "area \(id) has an unreadable geometry")
        }
        return geometry.simplifiedMulti
    }

    private func read<Value>(_ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let error as UnreadableColumn {
            throw StoreError.database(location: table, message: "column \(error.column) holds \(error.found), which crisismap cannot read there")
        }
    }

    private func required<Value>(_ value: Value?, _ column: String) throws -> Value {
        guard let value else {
            throw StoreError.database(location: table, message: "column \(column) is NULL, which the record does not allow")
        }
        return value
    }
}
