import Foundation

/// A column as a backend's catalog reports it (SQLite's `PRAGMA table_info`,
/// PostgreSQL's `information_schema.columns`), in words the check compares.
public struct CatalogColumn: Sendable, Equatable {
    public let name: String
    /// The declared type as the catalog spells it, for messages.
    public let declaredType: String
    /// The declared type in the description's terms; nil for a type the
    /// backend does not map (a geometry, or something hand-made).
    public let type: ColumnType?
    public let isNullable: Bool
    /// A default, a generated value or the table's own key: inserts that
    /// leave the column out still succeed.
    public let fillsItself: Bool

    public init(name: String, declaredType: String, type: ColumnType?, isNullable: Bool, fillsItself: Bool) {
        self.name = name
        self.declaredType = declaredType
        self.type = type
        self.isNullable = isNullable
        self.fillsItself = fillsItself
    }
}

extension RecordDescription {
    /// Compares the table a backend opened with this description, so a file
    /// whose schema was changed outside crisismap is refused when opened
    /// rather than failing (or misreading) at the first import or query.
    ///
    /// - Parameters:
    ///   - catalog: the table's columns; empty when the table is missing.
    ///   - geometryType: the OGC type registered for `geom`, nil when it has none.
    /// - Throws: `StoreError.schemaMismatch` naming the first table and column that differ.
    public func check(catalog: [CatalogColumn], geometryType: String?, location: String) throws {
        func mismatch(_ column: String, _ reason: String) -> StoreError {
            .schemaMismatch(location: location, table: table, column: column, reason: reason)
        }
        guard !catalog.isEmpty else { throw mismatch("*", "the table is missing") }
        let byName = Dictionary(catalog.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for column in columns {
            guard let found = byName[column.name] else { throw mismatch(column.name, "the column is missing") }
            guard found.type == column.type else {
                throw mismatch(column.name, "declared \(found.declaredType), expected \(column.type.rawValue)")
            }
            if found.isNullable != column.isNullable {
                throw mismatch(column.name, column.isNullable ? "declared NOT NULL, expected nullable" : "declared nullable, expected NOT NULL")
            }
        }
        guard let geometryType else { throw mismatch("geom", "no \(geometry.typeName) geometry column is registered") }
        guard geometryType.uppercased() == geometry.typeName else {
            throw mismatch("geom", "registered as \(geometryType), expected \(geometry.typeName)")
        }
        let described = Set(columnNames + ["geom"])
        if let unknown = catalog.first(where: { !described.contains($0.name) && !$0.isNullable && !$0.fillsItself }) {
            throw mismatch(unknown.name, "a NOT NULL column without a default that crisismap does not write")
        }
    }
}
