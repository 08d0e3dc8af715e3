import Logging
import PostgresNIO
import Store

/// Compares the database's record tables with the record descriptions when
/// a store opens, inside the migrating transaction: a column renamed,
/// dropped or retyped outside crisismap is named then, not at the first COPY.
struct PostGISSchemaCheck {
    let connection: PostgresConnection
    let logger: Logger
    let location: String

    func run() async throws {
        for record in DescribedRecords.all { try await check(record) }
    }

    func check<Record: DescribedRecord>(_: Record.Type) async throws {
        let description = Record.recordDescription
        let rows = try await connection.query("""
            SELECT column_name::text, data_type::text, is_nullable = 'YES',
                   column_default IS NOT NULL OR is_generated = 'ALWAYS' OR is_identity = 'YES'
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(description.table)
            ORDER BY ordinal_position
            """, logger: logger).collect()
        let catalog = try rows.map { row in
            let (name, declared, nullable, fillsItself) = try row.decode((String, String, Bool, Bool).self)
            return CatalogColumn(name: name, declaredType: declared, type: Self.columnType(declared),
                                 isNullable: nullable, fillsItself: fillsItself)
        }
        let geometryType = try await connection.query("""
            SELECT type::text FROM geometry_columns
            WHERE f_table_schema = current_schema() AND f_table_name = \(description.table) AND f_geometry_column = 'geom'
            """, logger: logger).collect().first?.decode(String.self)
        try description.check(catalog: catalog, geometryType: geometryType, location: location)
    }

    /// Integers of any width read back as Int; crisismap writes `integer` and `bigint`.
    private static func columnType(_ declared: String) -> ColumnType? {
        switch declared {
        case "text": .text
        case "integer", "bigint", "smallint": .integer
        case "double precision": .real
        default: nil
        }
    }
}
