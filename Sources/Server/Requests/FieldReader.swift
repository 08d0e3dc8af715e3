import Foundation
import GeoCore
import Interchange

/// Reads and checks the fields of a JSON body or a query string, collecting
/// every problem (not just the first) so the client can fix them all at once.
struct FieldReader {
    private let values: [String: Any]
    /// Query strings carry text only: numbers and lists are parsed from it.
    private let fromQuery: Bool
    private(set) var problems: [FieldProblem] = []

    /// A JSON object body. Unknown members are refused: a misspelt optional
    /// field ("police_transprot") silently ignored would change the answer.
    init(body data: Data, allowed: Set<String>) throws(APIProblem) {
        let object = try Self.object(from: data)
        self.values = object
        self.fromQuery = false
        for name in object.keys.sorted() where !allowed.contains(name) {
            problems.append(FieldProblem(field: name, message: "unknown field; expected one of: \(allowed.sorted().joined(separator: ", "))"))
        }
    }

    init(query: [String: String], allowed: Set<String>) {
        self.values = query
        self.fromQuery = true
        for name in query.keys.sorted() where !allowed.contains(name) {
            let expected = allowed.isEmpty ? "this endpoint takes none" : "expected one of: \(allowed.sorted().joined(separator: ", "))"
            problems.append(FieldProblem(field: name, message: "unknown parameter; \(expected)"))
        }
    }

    /// The body as a JSON object, or 400 naming where the JSON broke.
    static func object(from data: Data) throws(APIProblem) -> [String: Any] {
        guard !data.isEmpty else { throw APIProblem.malformed("the body is empty; expected a JSON object") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "malformed JSON"
            throw APIProblem.malformed(description)
        }
        guard let object = parsed as? [String: Any] else {
            throw APIProblem.malformed("expected a JSON object at the top level")
        }
        return object
    }

    mutating func fail(_ field: String, _ message: String) {
        problems.append(FieldProblem(field: field, message: message))
    }

    /// Throws 422 with every problem found, if any.
    func finish() throws(APIProblem) {
        if !problems.isEmpty { throw APIProblem.invalid(problems) }
    }

    private func present(_ name: String) -> Any? {
        guard let value = values[name], !(value is NSNull) else { return nil }
        return value
    }

    private static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    mutating func double(_ name: String, required: Bool = false, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let raw = present(name) else {
            if required { fail(name, "is required") }
            return nil
        }
        var parsed: Double?
        if fromQuery, let text = raw as? String {
            parsed = text.utf8.allSatisfy({ "0123456789+-.eE".utf8.contains($0) }) ? Double(text) : nil
        } else if let number = raw as? NSNumber, !Self.isBool(raw) {
            parsed = number.doubleValue
        }
        guard let value = parsed, value.isFinite else {
            fail(name, "expected a number")
            return nil
        }
        if let range, !range.contains(value) {
            fail(name, "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func int(_ name: String, required: Bool = false, in range: ClosedRange<Int>) -> Int? {
        guard present(name) != nil else {
            if required { fail(name, "is required") }
            return nil
        }
        let before = problems.count
        guard let value = double(name), problems.count == before else { return nil }
        guard value.rounded() == value, abs(value) < 1e15 else {
            fail(name, "expected a whole number")
            return nil
        }
        guard range.contains(Int(value)) else {
            fail(name, "\(Int(value)) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return Int(value)
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let raw = present(name) else { return nil }
        if fromQuery, let text = raw as? String {
            switch text {
            case "true", "1", "": return true
            case "false", "0": return false
            default: break
            }
        } else if Self.isBool(raw), let number = raw as? NSNumber {
            return number.boolValue
        }
        fail(name, "expected true or false")
        return nil
    }

    mutating func string(_ name: String, required: Bool = false) -> String? {
        guard let raw = present(name) else {
            if required { fail(name, "is required") }
            return nil
        }
        guard let text = raw as? String else {
            fail(name, "expected a string")
            return nil
        }
        if required, text.trimmingCharacters(in: .whitespaces).isEmpty {
            fail(name, "must not be empty")
            return nil
        }
        return text
    }

    mutating func date(_ name: String, required: Bool = false) -> Date? {
        guard let text = string(name, required: required) else { return nil }
        guard let date = RFC3339.parse(text) else {
            fail(name, "'\(text)' is not an RFC 3339 time like 2026-11-22T14:00:00-07:00")
            return nil
        }
        return date
    }

    mutating func enumValue<Value: RawRepresentable & CaseIterable>(_ name: String, required: Bool = false) -> Value?
    where Value.RawValue == String {
        guard let text = string(name, required: required) else { return nil }
        guard let value = Value(rawValue: text) else {
            fail(name, "unknown value '\(text)'; expected one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A JSON array of strings, or a comma-separated query parameter.
    mutating func strings(_ name: String) -> [String] {
        guard let raw = present(name) else { return [] }
        if fromQuery, let text = raw as? String {
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard let items = raw as? [Any], let texts = items as? [String] else {
            fail(name, "expected an array of strings")
            return []
        }
        return texts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    mutating func enumList<Value: RawRepresentable & CaseIterable>(_ name: String) -> [Value] where Value.RawValue == String {
        strings(name).compactMap { text in
            guard let value = Value(rawValue: text) else {
                fail(name, "unknown value '\(text)'; expected one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return value
        }
    }

    /// A WGS84 point from `lat` and `lon`.
    mutating func location(required: Bool = true) -> Coordinate? {
        let lat = double("lat", required: required, in: -90...90)
        let lon = double("lon", required: required, in: -180...180)
        guard let lat, let lon else { return nil }
        return try? Coordinate(latitude: lat, longitude: lon)
    }
}
