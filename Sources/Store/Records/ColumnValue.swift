import Foundation

/// How a column is stored, in words both backends translate into their own
/// SQL types (SQLite `TEXT`/`INTEGER`/`REAL`, PostgreSQL `text`/`integer` or
/// `bigint`/`float8`). Times are seconds since 1970 in a real column, lists
/// and `extra` are JSON text: both stores hold the same values.
public enum ColumnType: String, Sendable, CaseIterable {
    case text
    case integer
    case real
}

/// One field's value on its way into a table.
public enum ColumnValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int)
    case real(Double)
}
