import Foundation

/// A record's table, described once: every backend derives its column
/// lists, the values it binds or copies and its row decoding from this, and
/// checks its tables against it when it opens a store.
///
/// Adding a field to a record means a line here (and in `decode`) plus one
/// migration per backend; `RecordDescriptionCheck` refuses a store whose
/// tables do not match.
public struct RecordDescription<Record: StoredRecord>: Sendable {
    public let table: String
    /// The attribute columns, `id` first, in the order backends bind and copy them.
    public let columns: [RecordColumn<Record>]
    public let geometry: RecordGeometry<Record>
    private let decoder: @Sendable (RecordRow) throws -> Record

    public init(
        table: String,
        columns: [RecordColumn<Record>],
        geometry: RecordGeometry<Record>,
        decode: @escaping @Sendable (RecordRow) throws -> Record
    ) {
        precondition(columns.first?.name == "id", "a record's first column is its id")
        precondition(Set(columns.map(\.name)).count == columns.count, "\(table) names a column twice")
        self.table = table
        self.columns = columns
        self.geometry = geometry
        self.decoder = decode
    }

    public var columnNames: [String] { columns.map(\.name) }

    public func decode(_ row: any ColumnRow) throws -> Record {
        try decoder(RecordRow(row, table: table))
    }
}

/// A stored record kind with its one table description.
public protocol DescribedRecord: StoredRecord {
    static var recordDescription: RecordDescription<Self> { get }
}
