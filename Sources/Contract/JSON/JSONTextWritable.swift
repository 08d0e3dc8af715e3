/// The answers: `Encodable` for `JSONEncoder` users, and written by their
/// generated writer (`@JSONAnswer`) for the text the CLI and the API send.
public protocol JSONTextWritable: Encodable, JSONAnswerValue {}

extension JSONTextWritable {
    /// The compact JSON, keys sorted, nil members left out.
    public var jsonBytes: [UInt8] {
        var writer = JSONTextWriter()
        writeJSON(to: &writer)
        return writer.bytes
    }

    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }
}
