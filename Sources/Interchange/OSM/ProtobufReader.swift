/// Why protocol-buffer bytes could not be read; `offset` is within the message.
public struct ProtobufError: Error, Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public var description: String { "\(message) at byte \(offset) of the message" }
}

/// A minimal protocol-buffer wire-format reader: just what OpenStreetMap's
/// PBF needs (varints, zigzag, length-delimited fields, packed repeated
/// integers, skipping fixed-width fields), so the format costs no generated
/// code and no protobuf runtime.
///
/// Sub-messages are readers over a range of the same storage: nothing is
/// copied while a block is walked.
public struct ProtobufReader: Sendable {
    /// The wire types of the encoding (3 and 4, groups, are obsolete).
    public enum WireType: Int, Sendable {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    public let bytes: [UInt8]
    public private(set) var offset: Int
    public let end: Int

    public init(_ bytes: [UInt8]) {
        self.init(bytes, range: 0..<bytes.count)
    }

    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        offset = range.lowerBound
        end = range.upperBound
    }

    public var isAtEnd: Bool { offset >= end }

    /// The next field's number and wire type, or nil at the end of the message.
    public mutating func nextField() throws(ProtobufError) -> (number: Int, type: WireType)? {
        guard !isAtEnd else { return nil }
        let start = offset
        let key = try varint()
        guard let type = WireType(rawValue: Int(key & 7)) else {
            throw ProtobufError(offset: start, message: "unsupported wire type \(key & 7)")
        }
        let number = Int(truncatingIfNeeded: key >> 3)
        guard number > 0 else { throw ProtobufError(offset: start, message: "field number 0") }
        return (number, type)
    }

    /// A base-128 varint, up to ten bytes.
    public mutating func varint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while offset < end {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift >= 70 { break }
        }
        throw ProtobufError(offset: start, message: offset >= end ? "truncated varint" : "varint longer than ten bytes")
    }

    /// `int64`/`int32`: two's complement in a varint.
    public mutating func int64() throws(ProtobufError) -> Int64 { Int64(bitPattern: try varint()) }

    /// `sint64`/`sint32`: zigzag-coded so small negatives stay short.
    public mutating func sint64() throws(ProtobufError) -> Int64 { Self.zigzag(try varint()) }

    public static func zigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// The range of a length-delimited field's payload, which is skipped over.
    public mutating func lengthDelimited() throws(ProtobufError) -> Range<Int> {
        let start = offset
        let length = try varint()
        guard length <= UInt64(end - offset) else {
            throw ProtobufError(offset: start, message: "a field of \(length) bytes runs past the end of its message")
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    /// A nested message as a reader over its bytes.
    public mutating func message() throws(ProtobufError) -> ProtobufReader {
        ProtobufReader(bytes, range: try lengthDelimited())
    }

    public mutating func string() throws(ProtobufError) -> String {
        String(decoding: bytes[try lengthDelimited()], as: UTF8.self)
    }

    /// Repeated varints, each passed through `transform`, appended to
    /// `values`. Parsers must take both encodings of a repeated scalar: packed
    /// (one length-delimited run, as OSM writers use) and one field per value.
    public mutating func repeated<T>(
        _ type: WireType, into values: inout [T], _ transform: (UInt64) -> T
    ) throws(ProtobufError) {
        switch type {
        case .lengthDelimited:
            var inner = try message()
            while !inner.isAtEnd { values.append(transform(try inner.varint())) }
        case .varint:
            values.append(transform(try varint()))
        case .fixed32, .fixed64:
            throw ProtobufError(offset: offset, message: "a fixed-width value where varints were expected")
        }
    }

    /// Repeated `sint64`, delta-decoded: each value is the running sum, as
    /// OSM codes ids, coordinates and way references. A second run of the same
    /// field continues the sum, since repeated fields concatenate.
    public mutating func repeatedDeltas(_ type: WireType, into values: inout [Int64]) throws(ProtobufError) {
        var running = values.last ?? 0
        try repeated(type, into: &values) { raw in
            running &+= Self.zigzag(raw)
            return running
        }
    }

    /// Skips a field this reader does not use.
    public mutating func skip(_ type: WireType) throws(ProtobufError) {
        switch type {
        case .varint: _ = try varint()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed64: try advance(8)
        case .fixed32: try advance(4)
        }
    }

    private mutating func advance(_ count: Int) throws(ProtobufError) {
        guard end - offset >= count else { throw ProtobufError(offset: offset, message: "truncated fixed-width field") }
        offset += count
    }
}
