import Foundation
import GeoCore
import Store

/// Reads and checks the fields of one record or request, collecting every
/// problem (not only the first) so that whoever sent them can fix them all
/// at once. Each accessor returns nil (or an empty list) for a field it could
/// not read and records why; `finish()` throws them together.
public struct FieldReader<Source: FieldSource> {
    public let source: Source
    public let conventions: FieldConventions
    public private(set) var errors: [FieldError] = []

    /// `allowed`, when given, refuses every other field: a misspelt optional
    /// field ("police_transprot") silently ignored would change the answer.
    public init(_ source: Source, conventions: FieldConventions, allowed: Set<String>? = nil) {
        self.source = source
        self.conventions = conventions
        guard let allowed else { return }
        let noun = conventions.fieldNoun
        let expected = allowed.isEmpty ? "this endpoint takes none" : "expected one of: \(allowed.sorted().joined(separator: ", "))"
        for name in source.names where !allowed.contains(name) {
            fail(name, "unknown \(noun); \(expected)")
        }
    }

    public mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Throws every problem found, if any.
    public func finish() throws(FieldErrors) {
        if !errors.isEmpty { throw FieldErrors(errors) }
    }

    /// The value read, or every problem found.
    public func finish<Value>(_ value: Value?) throws(FieldErrors) -> Value {
        try finish()
        guard let value else { throw FieldErrors([FieldError(field: "record", message: "could not be read")]) }
        return value
    }

    private mutating func present(_ name: String, required: Bool) -> FieldValue? {
        guard let value = source.value(name) else {
            if required { fail(name, "is required") }
            return nil
        }
        return value
    }

    private func trimmed(_ text: String) -> String { conventions.trimsText ? text.trimmedSpaces : text }

    // MARK: Scalars

    /// Text as sent; a required field must hold more than spaces.
    public mutating func string(_ name: String, required: Bool = false) -> String? {
        guard let value = present(name, required: required) else { return nil }
        let text: String
        switch value {
        case .text(let sent): text = sent
        case .number(let number) where conventions.numbersReadAsText:
            text = number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default:
            fail(name, "expected text")
            return nil
        }
        guard required else { return text }
        guard !text.trimmedSpaces.isEmpty else {
            fail(name, "must not be empty")
            return nil
        }
        return trimmed(text)
    }

    public mutating func double(_ name: String, required: Bool = false, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let value = present(name, required: required) else { return nil }
        let number: Double
        switch value {
        case .number(let sent): number = sent
        case .text(let text) where conventions.textHoldsScalars:
            // Decimal notation only: Double() also takes "0x1p3", "nan" and "inf".
            let digits = text.trimmedSpaces
            guard digits.utf8.allSatisfy({ decimalBytes.contains($0) }), let parsed = Double(digits) else {
                fail(name, "'\(text)' is not a number (expected a finite decimal like -104.99)")
                return nil
            }
            number = parsed
        default:
            fail(name, "expected a number")
            return nil
        }
        guard number.isFinite else {
            fail(name, "expected a finite number")
            return nil
        }
        if let range, !range.contains(number) {
            fail(name, "\(number) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return number
    }

    public mutating func int(_ name: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = present(name, required: required) else { return nil }
        let whole: Int
        switch value {
        case .text(let text) where conventions.textHoldsScalars:
            let digits = text.trimmedSpaces
            if let parsed = Int(digits) {
                whole = parsed
            } else if digits.utf8.allSatisfy({ decimalBytes.contains($0) }), let number = Double(digits),
                      number.rounded() == number, abs(number) < 1e15 {
                whole = Int(number)
            } else {
                fail(name, "'\(text)' is not a whole number")
                return nil
            }
        case .number(let number):
            guard number.rounded() == number, abs(number) < 1e15 else {
                fail(name, "\(number) is not a whole number")
                return nil
            }
            whole = Int(number)
        default:
            fail(name, "expected a whole number")
            return nil
        }
        if let range, !range.contains(whole) {
            fail(name, "\(whole) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return whole
    }

    /// `true`/`false`; in a query string also `1`/`0`, and a bare name is true.
    public mutating func bool(_ name: String) -> Bool? {
        guard let value = present(name, required: false) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .text(let text) where conventions.textHoldsScalars:
            switch text {
            case "true", "1", "": return true
            case "false", "0": return false
            default: break
            }
        default: break
        }
        fail(name, "expected true or false")
        return nil
    }

    public mutating func date(_ name: String, required: Bool = false) -> Date? {
        guard let text = string(name, required: required) else { return nil }
        guard let date = RFC3339.parse(text) else {
            fail(name, "'\(text)' is not an RFC 3339 time like 2026-11-22T14:00:00-07:00")
            return nil
        }
        return date
    }

    public mutating func enumValue<Value: RawRepresentable & CaseIterable>(
        _ name: String, required: Bool = false, as type: Value.Type = Value.self
    ) -> Value? where Value.RawValue == String {
        guard let text = string(name, required: required) else { return nil }
        return parse(trimmed(text), field: name)
    }

    // MARK: Lists

    /// A JSON array of text, or text split at the source's separator (`a|b` in CSV, `a,b` in a query).
    public mutating func list(_ name: String) -> [String] {
        guard let value = present(name, required: false) else { return [] }
        switch value {
        case .text(let text) where conventions.textHoldsScalars:
            return text.split(separator: conventions.listSeparator).map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        case .list(let items):
            var texts: [String] = []
            for item in items {
                guard case .text(let text) = item else {
                    fail(name, "expected a list of text")
                    return []
                }
                let entry = text.trimmedSpaces
                if !entry.isEmpty { texts.append(entry) }
            }
            return texts
        default:
            fail(name, "expected a list")
            return []
        }
    }

    public mutating func enumList<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type = Value.self)
        -> [Value] where Value.RawValue == String
    {
        list(name).compactMap { parse($0, field: name) }
    }

    /// A WGS84 point from `lat` and `lon`.
    public mutating func location(required: Bool = true) -> Coordinate? {
        let lat = double("lat", required: required, in: -90...90)
        let lon = double("lon", required: required, in: -180...180)
        guard let lat, let lon else { return nil }
        return try? Coordinate(latitude: lat, longitude: lon)
    }

    /// The named fields as JSON values (what a record keeps in `extra`).
    public func values(of names: [String]) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for name in names {
            if let value = source.value(name) { values[name] = value.jsonValue }
        }
        return values
    }

    private mutating func parse<Value: RawRepresentable & CaseIterable>(_ text: String, field: String) -> Value?
    where Value.RawValue == String {
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            fail(field, "unknown value '\(text)'; expected one of: \(allowed)")
            return nil
        }
        return value
    }
}

private let decimalBytes = Set("0123456789+-.eE".utf8)
