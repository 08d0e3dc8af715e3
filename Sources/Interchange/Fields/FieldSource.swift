import Foundation
import Store

/// One field's raw value as a source file holds it.
enum RawField {
    case text(String)
    case number(Double)
    case bool(Bool)
    case list([RawField])
    case json(JSONValue)
}

/// The named fields of one source record: a CSV row or a GeoJSON feature's
/// properties. Typed accessors below turn them into domain values and say
/// precisely what is wrong with a field that does not fit.
protocol FieldSource {
    /// The field's value; nil when absent, JSON null or an empty CSV cell.
    func raw(_ name: String) -> RawField?
    /// Fields the record carries that no column takes, kept in `extra`.
    var extraNames: [String] { get }
}

private let decimalNumberBytes = Set("0123456789+-.eE".utf8)

extension FieldSource {
    static var decimalBytes: Set<UInt8> { decimalNumberBytes }

    func string(_ name: String) throws(FieldError) -> String? {
        switch raw(name) {
        case nil: return nil
        case .text(let text): return text
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool, .list, .json: throw FieldError(field: name, message: "expected text")
        }
    }

    func requiredString(_ name: String) throws(FieldError) -> String {
        guard let value = try string(name), !value.trimmedSpaces.isEmpty else {
            throw FieldError(field: name, message: "is required but missing")
        }
        return value.trimmedSpaces
    }

    func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(FieldError) -> Int? {
        let value: Int
        switch raw(name) {
        case nil: return nil
        case .number(let number):
            guard number.rounded() == number, abs(number) < 1e15 else {
                throw FieldError(field: name, message: "\(number) is not a whole number")
            }
            value = Int(number)
        case .text(let text):
            guard let parsed = Int(text.trimmedSpaces) else {
                throw FieldError(field: name, message: "'\(text)' is not a whole number")
            }
            value = parsed
        case .bool, .list, .json: throw FieldError(field: name, message: "expected a whole number")
        }
        if let range, !range.contains(value) {
            throw FieldError(field: name, message: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func double(_ name: String) throws(FieldError) -> Double? {
        switch raw(name) {
        case nil: return nil
        case .number(let number): return number
        case .text(let text):
            // Decimal notation only: Double() also takes "0x1p3", "nan" and "inf".
            let trimmed = text.trimmedSpaces
            guard trimmed.utf8.allSatisfy({ Self.decimalBytes.contains($0) }), let parsed = Double(trimmed) else {
                throw FieldError(field: name, message: "'\(text)' is not a number (expected a finite decimal like -104.99)")
            }
            return parsed
        case .bool, .list, .json: throw FieldError(field: name, message: "expected a number")
        }
    }

    func date(_ name: String) throws(FieldError) -> Date? {
        guard let text = try string(name) else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw FieldError(field: name, message: "'\(text)' is not an RFC 3339 time like 2026-11-22T14:00:00-07:00")
        }
        return date
    }

    func requiredDate(_ name: String) throws(FieldError) -> Date {
        guard let date = try date(name) else { throw FieldError(field: name, message: "is required but missing") }
        return date
    }

    func enumValue<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type = Value.self)
        throws(FieldError) -> Value? where Value.RawValue == String
    {
        guard let text = try string(name) else { return nil }
        return try Self.parseEnum(text, field: name)
    }

    func requiredEnum<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type = Value.self)
        throws(FieldError) -> Value where Value.RawValue == String
    {
        guard let value: Value = try enumValue(name) else {
            throw FieldError(field: name, message: "is required but missing")
        }
        return value
    }

    /// A list: a JSON array in GeoJSON, `a|b|c` in CSV.
    func list(_ name: String) throws(FieldError) -> [String] {
        switch raw(name) {
        case nil: return []
        case .text(let text):
            return text.split(separator: "|").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        case .list(let items):
            var values: [String] = []
            for item in items {
                guard case .text(let text) = item else {
                    throw FieldError(field: name, message: "list items must be text")
                }
                let item = text.trimmedSpaces
                if !item.isEmpty { values.append(item) }
            }
            return values
        case .number, .bool, .json: throw FieldError(field: name, message: "expected a list")
        }
    }

    func enumList<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type = Value.self)
        throws(FieldError) -> [Value] where Value.RawValue == String
    {
        var values: [Value] = []
        for text in try list(name) { values.append(try Self.parseEnum(text, field: name)) }
        return values
    }

    /// The fields no column takes, as JSON values.
    func extra() -> [String: JSONValue] {
        var extra: [String: JSONValue] = [:]
        for name in extraNames {
            if let value = raw(name) { extra[name] = value.jsonValue }
        }
        return extra
    }

    private static func parseEnum<Value: RawRepresentable & CaseIterable>(_ text: String, field: String)
        throws(FieldError) -> Value where Value.RawValue == String
    {
        guard let value = Value(rawValue: text.trimmedSpaces) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw FieldError(field: field, message: "unknown value '\(text)'; expected one of: \(allowed)")
        }
        return value
    }
}

extension RawField {
    var jsonValue: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .number(let number): .number(number)
        case .bool(let flag): .bool(flag)
        case .list(let items): .array(items.map(\.jsonValue))
        case .json(let value): value
        }
    }
}
