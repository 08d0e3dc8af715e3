/// Encodes any `Encodable` straight into `JSONTextWriter`'s bytes, members in
/// sorted key order and nil optionals left out: the text Foundation's
/// `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` (tested),
/// without its tree of boxed values, which was a fifth of the server's time
/// per recommendation.
///
/// The answer types are the only list of their fields: their synthesized
/// `Encodable` conformance drives this encoder, so the fast path cannot drift
/// from the Codable one.
public struct SortedKeyJSONEncoder {
    public init() {}

    public func encode(_ value: some Encodable, capacity: Int = 2_048) throws -> [UInt8] {
        let sink = JSONSink(capacity: capacity)
        try sink.encodeValue(value, codingPath: [])
        return sink.writer.bytes
    }
}

/// Values the sorted-key encoder writes and whose `jsonText` is its output.
public protocol JSONTextWritable: Encodable {}

extension JSONTextWritable {
    /// The compact JSON text, keys sorted.
    public var jsonText: String {
        // The answer types encode only strings, numbers, booleans and arrays
        // of them, which cannot fail; an empty object would be a bug shown.
        let bytes = (try? SortedKeyJSONEncoder().encode(self)) ?? Array("{}".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The bytes written so far, shared by every container of one encoding.
final class JSONSink {
    var writer: JSONTextWriter

    init(capacity: Int) {
        writer = JSONTextWriter(capacity: capacity)
    }

    /// Writes one value; a keyed container's members are put in sorted order
    /// once the value has written them all.
    func encodeValue(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: writer.string(text)
        case let number as Double: writer.number(number)
        case let number as Int: writer.integer(number)
        case let flag as Bool: writer.boolean(flag)
        default:
            let encoder = JSONValueEncoder(sink: self, codingPath: codingPath)
            try value.encode(to: encoder)
            encoder.finish()
        }
    }
}

/// One value's encoder: it becomes an object, an array or a single value.
final class JSONValueEncoder: Encoder {
    let sink: JSONSink
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    fileprivate var object: ObjectFrame?
    fileprivate var openedArray = false

    init(sink: JSONSink, codingPath: [any CodingKey]) {
        self.sink = sink
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if object == nil {
            sink.writer.beginObject()
            object = ObjectFrame(start: sink.writer.bytes.count)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if !openedArray {
            sink.writer.beginArray()
            openedArray = true
        }
        return JSONUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleValueContainer(encoder: self) }

    /// Closes what the value opened, sorting an object's members.
    func finish() {
        if let object {
            sink.writer.endObject(sortingMembers: object.members, from: object.start)
        } else if openedArray {
            sink.writer.endArray()
        }
    }
}

/// Where an object's members sit in the bytes, in the order they were written.
fileprivate struct ObjectFrame {
    let start: Int
    var members: [JSONTextWriter.Member] = []
}

private struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func member(_ key: Key, _ write: () throws -> Void) rethrows {
        let writer = encoder.sink
        let start = writer.writer.bytes.count
        writer.writer.unseparatedKey(key.stringValue)
        try write()
        encoder.object?.members.append(.init(key: key.stringValue, range: start..<writer.writer.bytes.count))
    }

    mutating func encodeNil(forKey key: Key) throws { member(key) { encoder.sink.writer.null() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key) { encoder.sink.writer.boolean(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key) { encoder.sink.writer.string(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key) { encoder.sink.writer.number(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key) { encoder.sink.writer.integer(value) } }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try member(key) { try encoder.sink.encodeValue(value, codingPath: codingPath + [key]) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        preconditionFailure("nested containers are not used by the contract's answers")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not used by the contract's answers")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("superEncoder is not used by the contract's answers") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

private struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private(set) var count = 0

    init(encoder: JSONValueEncoder) {
        self.encoder = encoder
    }

    mutating func encodeNil() throws {
        encoder.sink.writer.null()
        count += 1
    }

    mutating func encode(_ value: some Encodable) throws {
        try encoder.sink.encodeValue(value, codingPath: codingPath)
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not used by the contract's answers")
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not used by the contract's answers")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("superEncoder is not used by the contract's answers") }
}

private struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.sink.writer.null() }
    mutating func encode(_ value: Bool) throws { encoder.sink.writer.boolean(value) }
    mutating func encode(_ value: String) throws { encoder.sink.writer.string(value) }
    mutating func encode(_ value: Double) throws { encoder.sink.writer.number(value) }
    mutating func encode(_ value: Int) throws { encoder.sink.writer.integer(value) }
    mutating func encode(_ value: some Encodable) throws { try encoder.sink.encodeValue(value, codingPath: codingPath) }
}
