import Contract

/// Where in a source file a problem sits.
public enum SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// A CSV line, counted from 1 with the header as line 1.
    case line(Int)
    /// A GeoJSON feature, counted from 0 as in `features[0]`.
    case feature(Int)
    /// A row of a named table inside a multi-file source (HSDS).
    case tableLine(table: String, line: Int)
    /// A character position in a text file (where a JSON parser gave up).
    case lineColumn(line: Int, column: Int)
    /// Where a block of a binary file starts (OpenStreetMap PBF blobs).
    case byteOffset(Int)

    public var description: String {
        switch self {
        case .line(let line): "line \(line)"
        case .feature(let index): "feature \(index)"
        case .tableLine(let table, let line): "\(table) line \(line)"
        case .lineColumn(let line, let column): "line \(line), column \(column)"
        case .byteOffset(let offset): "blob at byte offset \(offset)"
        }
    }
}

/// A problem with an input file, phrased so a user can find and fix it:
/// `calls.csv: line 17: field 'lat': 'abc' is not a number`.
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation?
    public var field: String?
    public var message: String

    public init(file: String, location: SourceLocation? = nil, field: String? = nil, message: String) {
        self.file = file
        self.location = location
        self.field = field
        self.message = message
    }

    public var description: String {
        var parts = [file]
        if let location { parts.append(location.description) }
        if let field { parts.append("field '\(field)'") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}

extension FieldError {
    /// The problem placed in its file.
    func located(file: String, at location: SourceLocation) -> ImportError {
        ImportError(file: file, location: location, field: field, message: message)
    }
}

extension FieldErrors {
    /// An import names the first problem of a record, in reading order.
    func located(file: String, at location: SourceLocation) -> ImportError {
        let first = errors.first ?? FieldError(field: "record", message: "could not be read")
        return first.located(file: file, at: location)
    }
}
