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
    /// Unchecked: one encoding runs on one thread and its containers write
    /// one after another, never overlapping; the runtime's access tracking
    /// on every write was a twentieth of the server's time per answer.
    @exclusivity(unchecked) var writer: JSONTextWriter

    init(capacity: Int) {
        writer = JSONTextWriter(capacity: capacity)
    }

    /// Writes one value; a keyed container's members are put in sorted order
    /// once the value has written them all.
    ///
    /// The shapes the answers are made of (strings, numbers, lists of them,
    /// route coordinates, the ETA method) are written directly: a metatype
    /// comparison instead of a dynamic cast, and no encoder or container
    /// allocated per value, where a route's coordinates alone are hundreds.
    func encodeValue<Value: Encodable>(_ value: Value, codingPath: [any CodingKey]) throws {
        if Value.self == String.self {
            writer.string(unsafeBitCast(value, to: String.self))
        } else if Value.self == Double.self {
            writer.number(unsafeBitCast(value, to: Double.self))
        } else if Value.self == Int.self {
            writer.integer(unsafeBitCast(value, to: Int.self))
        } else if Value.self == Bool.self {
            writer.boolean(unsafeBitCast(value, to: Bool.self))
        } else if Value.self == ETAMethod.self {
            writer.string(unsafeBitCast(value, to: ETAMethod.self).rawValue)
        } else if Value.self == [String].self {
            writer.beginArray()
            // The writer puts the commas between elements.
            for text in unsafeBitCast(value, to: [String].self) { writer.string(text) }
            writer.endArray()
        } else if Value.self == [[Double]].self {
            writer.beginArray()
            for pair in unsafeBitCast(value, to: [[Double]].self) {
                writer.beginArray()
                for number in pair { writer.number(number) }
                writer.endArray()
            }
            writer.endArray()
        } else {
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
            sink.writer.endObject(sortingMembers: object.inOrder ? nil : object.members, from: object.start)
        } else if openedArray {
            sink.writer.endArray()
        }
    }
}

/// Where an object's members sit in the bytes, in the order they were written.
fileprivate struct ObjectFrame {
    let start: Int
    var members: [JSONTextWriter.Member] = []
    /// Whether every key so far came after the one before it (byte order,
    /// which for the contract's ASCII keys is Foundation's sorted order).
    var inOrder = true

    mutating func append(_ member: JSONTextWriter.Member) {
        if let last = members.last, !last.key.utf8.lexicographicallyPrecedes(member.key.utf8) { inOrder = false }
        members.append(member)
    }
}

private struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// Members are written comma-separated in the order the type encodes
    /// them; only an object whose keys arrive out of order is rewritten.
    private func member(_ key: Key, _ write: () throws -> Void) rethrows {
        let sink = encoder.sink
        let name = key.stringValue
        if encoder.object?.members.isEmpty == false { sink.writer.bytes.append(UInt8(ascii: ",")) }
        let start = sink.writer.bytes.count
        sink.writer.unseparatedKey(name)
        try write()
        encoder.object?.append(.init(key: name, range: start..<sink.writer.bytes.count))
    }

    mutating func encodeNil(forKey key: Key) throws { member(key) { encoder.sink.writer.null() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key) { encoder.sink.writer.boolean(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key) { encoder.sink.writer.string(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key) { encoder.sink.writer.number(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key) { encoder.sink.writer.integer(value) } }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        // No coding path is built per member: nothing these answers encode
        // reads it, and an array per member was a tenth of the encoding time.
        try member(key) { try encoder.sink.encodeValue(value, codingPath: []) }
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
