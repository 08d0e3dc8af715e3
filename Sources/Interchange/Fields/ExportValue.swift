import Store

/// A field value on its way out to a file.
enum ExportValue {
    case text(String)
    case integer(Int)
    case number(Double)
    case list([String])
    case json(JSONValue)
    case null

    /// The CSV cell: lists joined with `|`, numbers in their shortest exact form.
    var csvText: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .list(let items): items.joined(separator: "|")
        case .json(let value): value.plainText
        case .null: ""
        }
    }
}

extension Optional {
    /// `.null` for nil, else the wrapped value mapped to an export value.
    func exported(_ transform: (Wrapped) -> ExportValue) -> ExportValue {
        map(transform) ?? .null
    }
}
