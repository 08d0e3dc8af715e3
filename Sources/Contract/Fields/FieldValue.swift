import Foundation
import Store

/// One field's value as a source holds it: a CSV cell or query parameter is
/// text; a JSON member may be any of these.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case list([FieldValue])
    case json(JSONValue)

    /// A value `JSONSerialization` produced; nil for JSON null (and, where
    /// `emptyTextIsAbsent`, for "" as a GeoJSON property).
    public init?(jsonObject value: Any, emptyTextIsAbsent: Bool = false) {
        switch value {
        case is NSNull: return nil
        case let text as String:
            if emptyTextIsAbsent && text.isEmpty { return nil }
            self = .text(text)
        case let number as NSNumber:
            // JSON true/false arrive as NSNumber; their Objective-C type is 'c' (char).
            self = String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let items as [Any]:
            self = .list(items.compactMap { FieldValue(jsonObject: $0, emptyTextIsAbsent: emptyTextIsAbsent) })
        case let object as [String: Any]:
            var json: [String: JSONValue] = [:]
            for (key, item) in object {
                json[key] = FieldValue(jsonObject: item, emptyTextIsAbsent: emptyTextIsAbsent)?.jsonValue ?? .null
            }
            self = .json(.object(json))
        default: return nil
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .number(let number): .number(number)
        case .bool(let flag): .bool(flag)
        case .list(let items): .array(items.map(\.jsonValue))
        case .json(let value): value
        }
    }
}

/// The named fields of one record or request: a CSV row, a GeoJSON
/// feature's properties, a JSON body or a query string.
public protocol FieldSource {
    /// The field's value; nil when absent, JSON null or an empty CSV cell.
    func value(_ name: String) -> FieldValue?
    /// Every field name the source carries, in a stable order.
    var names: [String] { get }
}

/// Fields held in a dictionary: JSON bodies, query strings, GeoJSON properties.
public struct FieldValues: FieldSource, Sendable {
    private let values: [String: FieldValue]
    public let names: [String]

    public init(_ values: [String: FieldValue]) {
        self.values = values
        names = values.keys.sorted()
    }

    /// A JSON object's members.
    public init(jsonObject object: [String: Any], emptyTextIsAbsent: Bool = false) {
        var values: [String: FieldValue] = [:]
        for (name, value) in object {
            if let field = FieldValue(jsonObject: value, emptyTextIsAbsent: emptyTextIsAbsent) { values[name] = field }
        }
        self.values = values
        names = object.keys.sorted()
    }

    /// A query string's parameters: all text.
    public init(query: [String: String]) {
        self.init(query.mapValues(FieldValue.text))
    }

    public func value(_ name: String) -> FieldValue? { values[name] }
}
