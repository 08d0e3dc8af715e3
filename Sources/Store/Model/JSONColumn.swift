import Foundation

/// JSON text columns for lists and the `extra` bag, the same in every backend.
public enum JSONColumn {
    public static func encode(_ list: [String]) -> String {
        list.isEmpty ? "[]" : String(decoding: try! JSONEncoder().encode(list), as: UTF8.self)
    }

    public static func encode(_ extra: [String: JSONValue]) -> String {
        guard !extra.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(extra), as: UTF8.self)
    }

    public static func strings(_ text: String?, column: String, table: String) throws -> [String] {
        guard let text, text != "[]" else { return [] }
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw StoreError.database(location: table, message: "column \(column) holds malformed JSON")
        }
    }

    public static func extra(_ text: String?, table: String) throws -> [String: JSONValue] {
        guard let text, text != "{}" else { return [:] }
        do {
            return try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
        } catch {
            throw StoreError.database(location: table, message: "column extra holds malformed JSON")
        }
    }

    /// Decodes a list of enum raw values, naming the bad one if a newer writer stored it.
    public static func enums<Value: RawRepresentable>(_ text: String?, column: String, table: String) throws -> [Value]
    where Value.RawValue == String {
        try strings(text, column: column, table: table).map { try enumValue($0, column: column, table: table) }
    }

    public static func enumValue<Value: RawRepresentable>(_ raw: String, column: String, table: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw StoreError.database(location: table, message: "column \(column) holds unknown value '\(raw)'")
        }
        return value
    }
}
