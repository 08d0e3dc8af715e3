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
        try sink.encodeValue(value)
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
///
/// Unchecked exclusivity on the stored state: one encoding runs on one thread
/// and its containers write one after another, never overlapping; the
/// runtime's access tracking on every write was a twentieth of the server's
/// time per answer.
final class JSONSink {
    @exclusivity(unchecked) var writer: JSONTextWriter
    /// The members of every object still open, innermost last: one array
    /// for the whole encoding rather than one grown per object.
    @exclusivity(unchecked) var members = MemberStack()
    /// One encoder per nesting depth, reused by every value at that depth.
    @exclusivity(unchecked) private var encoders: [JSONValueEncoder] = []
    @exclusivity(unchecked) private var depth = 0

    init(capacity: Int) {
        writer = JSONTextWriter(capacity: capacity)
    }

    /// Writes one value; a keyed container's members are put in sorted order
    /// once the value has written them all.
    ///
    /// The shapes the answers are made of (strings, numbers, lists of them,
    /// route coordinates, the ETA method) are written directly: a metatype
    /// comparison instead of a dynamic cast, and no encoder or container
    /// per value, where a route's coordinates alone are hundreds.
    func encodeValue<Value: Encodable>(_ value: Value) throws {
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
            let encoder = enterValue()
            defer { depth -= 1 }
            try value.encode(to: encoder)
            encoder.finish()
        }
    }

    /// The encoder for a value one level deeper, reset for it.
    private func enterValue() -> JSONValueEncoder {
        if depth == encoders.count { encoders.append(JSONValueEncoder(sink: self)) }
        let encoder = encoders[depth]
        depth += 1
        encoder.reset(firstMember: members.count)
        return encoder
    }
}

/// One keyed container kept for reuse; `JSONValueEncoder.lastContainer` says its `Key`.
private final class ContainerSlot<Key: CodingKey> {
    let container: KeyedEncodingContainer<Key>

    init(_ container: KeyedEncodingContainer<Key>) {
        self.container = container
    }
}

/// A stack of members whose slots are overwritten rather than removed, so
/// closing an object costs nothing and the storage grows once per encoding.
struct MemberStack {
    private var storage: [JSONTextWriter.Member] = []
    private(set) var count = 0

    subscript(index: Int) -> JSONTextWriter.Member { storage[index] }

    mutating func push(_ member: JSONTextWriter.Member) {
        if count < storage.count { storage[count] = member } else { storage.append(member) }
        count += 1
    }

    mutating func pop(to count: Int) { self.count = count }

    func slice(from start: Int) -> ArraySlice<JSONTextWriter.Member> { storage[start..<count] }
}

/// One value's encoder: it becomes an object, an array or a single value.
///
/// No coding path is kept: nothing the answers encode reads it, and an array
/// per member was a tenth of the encoding time.
final class JSONValueEncoder: Encoder {
    /// Unowned and unchecked: the sink owns its encoders and outlives them,
    /// and a counted reference here cost a retain per member written.
    unowned(unsafe) let sink: JSONSink
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Where the object's members begin (just past its `{`), once the value
    /// asked for a keyed container.
    @exclusivity(unchecked) private var objectStart: Int?
    /// Where this object's members begin in the sink's member stack.
    @exclusivity(unchecked) private(set) var firstMember = 0
    /// Whether every key so far came after the one before it.
    @exclusivity(unchecked) var inOrder = true
    @exclusivity(unchecked) private var openedArray = false
    /// The last keyed container made here (a `ContainerSlot<key>`); it keeps
    /// no state of its own, so any value at this depth may write through it.
    @exclusivity(unchecked) private var lastContainer: (key: Any.Type, slot: AnyObject)?

    init(sink: JSONSink) {
        self.sink = sink
    }

    func reset(firstMember: Int) {
        objectStart = nil
        self.firstMember = firstMember
        inOrder = true
        openedArray = false
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if objectStart == nil {
            sink.writer.beginObject()
            objectStart = sink.writer.bytes.count
        }
        // The answers' lists hold one type, so the value before at this
        // depth usually had the same keys: its container is handed out again
        // instead of a new box, witness table and metadata lookups per object.
        // (A checked cast from `Any` cost more than the box it saved: the
        // slot's type is known from its key, so it is downcast unchecked.)
        if let last = lastContainer, last.key == Key.self { return unsafeDowncast(last.slot, to: ContainerSlot<Key>.self).container }
        let slot = ContainerSlot(KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self)))
        lastContainer = (Key.self, slot)
        return slot.container
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if !openedArray {
            sink.writer.beginArray()
            openedArray = true
        }
        return JSONUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleValueContainer(encoder: self) }

    /// Closes what the value opened, sorting an object's members when they
    /// came out of order (the contract's answers declare theirs in order).
    func finish() {
        if let objectStart {
            sink.writer.endObject(sortingMembers: inOrder ? nil : sink.members.slice(from: firstMember), from: objectStart)
            sink.members.pop(to: firstMember)
        } else if openedArray {
            sink.writer.endArray()
        }
    }
}

private struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    /// Unowned: the encoder keeps this container for reuse, and answers use
    /// their containers only while they encode.
    unowned(unsafe) let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// Members are written comma-separated in the order the type encodes
    /// them; only an object whose keys arrive out of order is rewritten.
    private func member(_ key: Key, _ write: () throws -> Void) rethrows {
        let sink = encoder.sink
        let written = sink.members.count
        let isFirst = written == encoder.firstMember
        if !isFirst { sink.writer.bytes.append(UInt8(ascii: ",")) }
        let start = sink.writer.bytes.count
        sink.writer.unseparatedKey(key.stringValue)
        // `end` is known once the value is written; the order check reads only the key.
        var member = JSONTextWriter.Member(start: start, keyEnd: sink.writer.bytes.count - 1, end: 0)
        if !isFirst, encoder.inOrder, !sink.writer.keyPrecedes(sink.members[written - 1], member) { encoder.inOrder = false }
        try write()
        member.end = sink.writer.bytes.count
        sink.members.push(member)
    }

    mutating func encodeNil(forKey key: Key) throws { member(key) { encoder.sink.writer.null() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key) { encoder.sink.writer.boolean(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key) { encoder.sink.writer.string(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key) { encoder.sink.writer.number(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key) { encoder.sink.writer.integer(value) } }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try member(key) { try encoder.sink.encodeValue(value) }
    }

    // The answers' optional members. Without these the protocol's default
    // `encodeIfPresent` runs unspecialized and looks up `Optional<T>`'s
    // metadata per member: a sixth of the encoder's time in perf.
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { member(key) { encoder.sink.writer.string(value) } }
    }

    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { member(key) { encoder.sink.writer.number(value) } }
    }

    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { member(key) { encoder.sink.writer.integer(value) } }
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { member(key) { encoder.sink.writer.boolean(value) } }
    }

    mutating func encodeIfPresent<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value { try member(key) { try encoder.sink.encodeValue(value) } }
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
    unowned(unsafe) let encoder: JSONValueEncoder
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
        try encoder.sink.encodeValue(value)
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
    unowned(unsafe) let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.sink.writer.null() }
    mutating func encode(_ value: Bool) throws { encoder.sink.writer.boolean(value) }
    mutating func encode(_ value: String) throws { encoder.sink.writer.string(value) }
    mutating func encode(_ value: Double) throws { encoder.sink.writer.number(value) }
    mutating func encode(_ value: Int) throws { encoder.sink.writer.integer(value) }
    mutating func encode(_ value: some Encodable) throws { try encoder.sink.encodeValue(value) }
}
