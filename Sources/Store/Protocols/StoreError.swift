/// Errors a store reports in words a user can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No store exists at the location and the caller did not ask to create one.
    case missing(location: String)
    /// The file exists but is not a crisismap store.
    case notAStore(location: String, reason: String)
    /// The store was written by a newer crisismap with migrations this one lacks.
    case newerVersion(location: String, unknownMigrations: [String])
    /// A record the store cannot hold; `index` is its position in the upserted batch.
    case invalidRecord(index: Int, field: String, reason: String)
    /// The database itself failed (disk full, locked, corrupt...).
    case database(location: String, message: String)
    /// The database server cannot be reached or did not answer in time; the
    /// same request may succeed once it is back.
    case unavailable(location: String, message: String)
    /// A table does not match the record's description (changed outside crisismap).
    case schemaMismatch(location: String, table: String, column: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let location):
            "no crisismap store at \(location); create one with `crisismap init --db \(location)`"
        case .notAStore(let location, let reason):
            "\(location) is not a crisismap store (\(reason))"
        case .newerVersion(let location, let migrations):
            "\(location) was written by a newer crisismap (schema steps \(migrations.joined(separator: ", ")) are unknown to this version); upgrade crisismap"
        case .invalidRecord(let index, let field, let reason):
            "record \(index + 1): field '\(field)': \(reason)"
        case .database(let location, let message):
            "\(location): \(message)"
        case .unavailable(let location, let message):
            "\(location) is unavailable: \(message)"
        case .schemaMismatch(let location, let table, let column, let reason):
            "\(location): table \(table), column \(column): \(reason); the schema was changed outside crisismap"
        }
    }
}
