import GRDB
import Store

/// Compares the file's record tables with the record descriptions when a
/// store opens: a column renamed, dropped or retyped outside crisismap is
/// named then, not at the first import that binds it.
enum SpatiaLiteSchemaCheck {
    static func run(_ db: Database, location: String) throws {
        for record in DescribedRecords.all { try check(record, db, location: location) }
    }

    static func check<Record: DescribedRecord>(_: Record.Type, _ db: Database, location: String) throws {
        let description = Record.recordDescription
        let catalog = try Row.fetchAll(
            db,
            sql: "SELECT name, type, \"notnull\" AS not_null, dflt_value, pk FROM pragma_table_info(?)",
            arguments: [description.table]
        ).map { row in
            let declared: String = row["type"]
            let isKey = (row["pk"] as Int) > 0
            return CatalogColumn(
                name: row["name"], declaredType: declared, type: columnType(declared),
                isNullable: (row["not_null"] as Int) == 0,
                fillsItself: isKey || !(row["dflt_value"] as DatabaseValue).isNull)
        }
        let code = try Int.fetchOne(
            db,
            sql: "SELECT geometry_type FROM geometry_columns WHERE f_table_name = lower(?) AND f_geometry_column = 'geom'",
            arguments: [description.table])
        try description.check(catalog: catalog, geometryType: code.map(geometryTypeName), location: location)
    }

    /// crisismap's own DDL spells these three; anything else is foreign.
    private static func columnType(_ declared: String) -> ColumnType? {
        switch declared.uppercased() {
        case "TEXT": .text
        case "INTEGER": .integer
        case "REAL": .real
        default: nil
        }
    }

    /// SpatiaLite's geometry_type codes (thousands add Z, M or ZM).
    private static func geometryTypeName(_ code: Int) -> String {
        let names = ["GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"]
        let base = code % 1000
        return names.indices.contains(base) ? names[base] : "type \(code)"
    }
}
