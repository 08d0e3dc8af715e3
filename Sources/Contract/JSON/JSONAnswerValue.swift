/// Writes a struct's stored properties as one JSON object through
/// `JSONTextWriter`: keys in byte order, nil members left out, numbers and
/// strings as `JSONEncoder` writes them. The writer is generated from the
/// properties at compile time, so the answers keep one list of fields and
/// the server answers without the `Encoder` protocol's boxed containers and
/// dynamic calls per member (`AnswerWriterTests` and `JSONTextWriterTests` check both write
/// the same bytes).
@attached(extension, conformances: JSONAnswerValue, names: named(writeJSON))
public macro JSONAnswer() = #externalMacro(module: "ContractMacros", type: "JSONAnswerMacro")

/// A value that writes its own JSON text.
public protocol JSONAnswerValue {
    func writeJSON(to writer: inout JSONTextWriter)
}

extension String: JSONAnswerValue {
    public func writeJSON(to writer: inout JSONTextWriter) { writer.string(self) }
}

extension Double: JSONAnswerValue {
    public func writeJSON(to writer: inout JSONTextWriter) { writer.number(self) }
}

extension Int: JSONAnswerValue {
    public func writeJSON(to writer: inout JSONTextWriter) { writer.integer(self) }
}

extension Bool: JSONAnswerValue {
    public func writeJSON(to writer: inout JSONTextWriter) { writer.boolean(self) }
}

extension ETAMethod: JSONAnswerValue {
    public func writeJSON(to writer: inout JSONTextWriter) { writer.string(rawValue) }
}

extension Array: JSONAnswerValue where Element: JSONAnswerValue {
    public func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginArray()
        for element in self { element.writeJSON(to: &writer) }
        writer.endArray()
    }
}

extension JSONTextWriter {
    /// One member the generated writers write; the overloads for optionals
    /// leave nil out, as the synthesized `Encodable` does.
    public mutating func member(_ name: StaticString, _ value: some JSONAnswerValue) {
        key(name)
        value.writeJSON(to: &self)
    }

    public mutating func member(_ name: StaticString, _ value: (some JSONAnswerValue)?) {
        if let value { member(name, value) }
    }
}

/// An object keyed by text, keys in byte order as `.sortedKeys` writes them.
extension Dictionary: JSONAnswerValue where Key == String, Value: JSONAnswerValue {
    public func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginObject()
        for key in keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            writer.key(key)
            self[key]!.writeJSON(to: &writer)
        }
        writer.endObject()
    }
}
