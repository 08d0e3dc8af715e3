import Foundation
import GRDB

/// How one kind of record maps onto its SpatiaLite table. Conformances sit
/// beside this file, one per kind; all SQL of the store stays in this folder.
protocol SpatiaLiteMapping: StoredRecord {
    static var table: String { get }
    /// Attribute columns in bind order (the geometry comes after them).
    static var columns: [String] { get }
    /// The SQL expression that builds `geom` from the parameters bound after the columns.
    static var geometrySQL: String { get }
    /// The select list that `init(row:)` reads.
    static var selection: String { get }

    /// Column values followed by the geometry parameters.
    var databaseValues: [(any DatabaseValueConvertible)?] { get throws }
    init(row: Row) throws

    /// A reason the store would refuse the record, checked inside the import
    /// transaction before the insert; nil when it is acceptable.
    func rejection(in db: Database) throws -> (field: String, reason: String)?
}

extension SpatiaLiteMapping {
    static var selection: String { "*" }

    func rejection(in db: Database) throws -> (field: String, reason: String)? { nil }

    static var upsertSQL: String {
        let names = (columns + ["geom"]).joined(separator: ", ")
        let placeholders = (Array(repeating: "?", count: columns.count) + [geometrySQL]).joined(separator: ", ")
        let updates = (columns.filter { $0 != "id" } + ["geom"])
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(names)) VALUES (\(placeholders)) ON CONFLICT(id) DO UPDATE SET \(updates)"
    }
}

/// JSON text columns for lists and the `extra` bag.
enum JSONColumn {
    static func encode(_ list: [String]) -> String {
        list.isEmpty ? "[]" : String(decoding: try! JSONEncoder().encode(list), as: UTF8.self)
    }

    static func encode(_ extra: [String: JSONValue]) -> String {
        guard !extra.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(extra), as: UTF8.self)
    }

    static func strings(_ text: String?, column: String, table: String) throws -> [String] {
        guard let text, text != "[]" else { return [] }
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw StoreError.database(location: table, message: "column \(column) holds malformed JSON")
        }
    }

    static func extra(_ text: String?, table: String) throws -> [String: JSONValue] {
        guard let text, text != "{}" else { return [:] }
        do {
            return try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
        } catch {
            throw StoreError.database(location: table, message: "column extra holds malformed JSON")
        }
    }

    /// Decodes a list of enum raw values, naming the bad one if a newer writer stored it.
    static func enums<Value: RawRepresentable>(_ text: String?, column: String, table: String) throws -> [Value]
    where Value.RawValue == String {
        try strings(text, column: column, table: table).map { try enumValue($0, column: column, table: table) }
    }

    static func enumValue<Value: RawRepresentable>(_ raw: String, column: String, table: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw StoreError.database(location: table, message: "column \(column) holds unknown value '\(raw)'")
        }
        return value
    }
}

extension Date {
    /// Seconds since 1970 as stored in REAL columns.
    var storedValue: Double { timeIntervalSince1970 }
    init(storedValue: Double) { self.init(timeIntervalSince1970: storedValue) }
}
