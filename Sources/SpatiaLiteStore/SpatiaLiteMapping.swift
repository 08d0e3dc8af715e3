import Foundation
import GRDB
import Store

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

extension Date {
    /// Seconds since 1970 as stored in REAL columns.
    var storedValue: Double { timeIntervalSince1970 }
    init(storedValue: Double) { self.init(timeIntervalSince1970: storedValue) }
}
