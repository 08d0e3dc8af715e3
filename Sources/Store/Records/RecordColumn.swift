import Foundation

/// One attribute column of a record's table: its name, how it is stored,
/// whether it may be NULL, and how a record gives its value.
public struct RecordColumn<Record>: Sendable {
    public let name: String
    public let type: ColumnType
    public let isNullable: Bool
    public let value: @Sendable (Record) -> ColumnValue

    public init(_ name: String, _ type: ColumnType, nullable: Bool, value: @escaping @Sendable (Record) -> ColumnValue) {
        self.name = name
        self.type = type
        self.isNullable = nullable
        self.value = value
    }
}

// The shapes the records use. Separate names for the optional forms, so a
// column's nullability is read from its line rather than inferred by overload.
extension RecordColumn {
    public static func text(_ name: String, _ value: @escaping @Sendable (Record) -> String) -> Self {
        Self(name, .text, nullable: false) { .text(value($0)) }
    }

    public static func optionalText(_ name: String, _ value: @escaping @Sendable (Record) -> String?) -> Self {
        Self(name, .text, nullable: true) { value($0).map(ColumnValue.text) ?? .null }
    }

    public static func integer(_ name: String, _ value: @escaping @Sendable (Record) -> Int) -> Self {
        Self(name, .integer, nullable: false) { .integer(value($0)) }
    }

    public static func optionalInteger(_ name: String, _ value: @escaping @Sendable (Record) -> Int?) -> Self {
        Self(name, .integer, nullable: true) { value($0).map(ColumnValue.integer) ?? .null }
    }

    public static func real(_ name: String, _ value: @escaping @Sendable (Record) -> Double) -> Self {
        Self(name, .real, nullable: false) { .real(value($0)) }
    }

    /// A moment, stored as seconds since 1970.
    public static func time(_ name: String, _ value: @escaping @Sendable (Record) -> Date) -> Self {
        Self(name, .real, nullable: false) { .real(value($0).timeIntervalSince1970) }
    }

    public static func optionalTime(_ name: String, _ value: @escaping @Sendable (Record) -> Date?) -> Self {
        Self(name, .real, nullable: true) { value($0).map { .real($0.timeIntervalSince1970) } ?? .null }
    }

    /// A list of strings as JSON text (`[]` when empty).
    public static func list(_ name: String, _ value: @escaping @Sendable (Record) -> [String]) -> Self {
        Self(name, .text, nullable: false) { .text(JSONColumn.encode(value($0))) }
    }

    /// The `extra` bag as JSON text with sorted keys (`{}` when empty).
    public static func extra(_ value: @escaping @Sendable (Record) -> [String: JSONValue]) -> Self {
        Self("extra", .text, nullable: false) { .text(JSONColumn.encode(value($0))) }
    }
}
