import Testing
@testable import Interchange

/// The wire-format decoder on hand-encoded messages.
@Suite struct OSMProtobufReaderTests {
    @Test func varintsOfEveryLength() throws {
        var reader = ProtobufReader([0x01, 0x96, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
                                     0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try reader.varint() == 1)
        #expect(try reader.varint() == 150)
        #expect(try reader.varint() == UInt64(UInt32.max))
        #expect(try reader.int64() == -1, "negative int64 is ten bytes of two's complement")
        #expect(reader.isAtEnd)
    }

    @Test func zigzag() {
        #expect(ProtobufReader.zigzag(0) == 0)
        #expect(ProtobufReader.zigzag(1) == -1)
        #expect(ProtobufReader.zigzag(2) == 1)
        #expect(ProtobufReader.zigzag(3) == -2)
        #expect(ProtobufReader.zigzag(UInt64.max) == Int64.min)
        #expect(ProtobufReader.zigzag(UInt64.max - 1) == Int64.max)
    }

    @Test func fieldsStringsAndNestedMessages() throws {
        // 1: "hi", 2: {1: 7}, 3: fixed32, 4: fixed64, 5: 300
        var reader = ProtobufReader([0x0A, 0x02, 0x68, 0x69,
                                     0x12, 0x02, 0x08, 0x07,
                                     0x1D, 1, 2, 3, 4,
                                     0x21, 1, 2, 3, 4, 5, 6, 7, 8,
                                     0x28, 0xAC, 0x02])
        var seen: [Int] = []
        while let field = try reader.nextField() {
            seen.append(field.number)
            switch field.number {
            case 1: #expect(try reader.string() == "hi")
            case 2:
                var inner = try reader.message()
                #expect(try inner.nextField()?.number == 1)
                #expect(try inner.varint() == 7)
                #expect(try inner.nextField() == nil)
            case 5: #expect(try reader.varint() == 300)
            default: try reader.skip(field.type)
            }
        }
        #expect(seen == [1, 2, 3, 4, 5])
    }

    @Test func packedAndUnpackedRepeatedValues() throws {
        // Field 8 packed [1, -1, 2] as sint64 deltas, then one more unpacked delta of +10.
        var reader = ProtobufReader([0x42, 0x03, 0x02, 0x01, 0x04, 0x40, 0x14])
        var values: [Int64] = []
        while let field = try reader.nextField() {
            #expect(field.number == 8)
            try reader.repeatedDeltas(field.type, into: &values)
        }
        #expect(values == [1, 0, 2, 12], "running sums, continued across runs")

        var plain = ProtobufReader([0x12, 0x03, 0x05, 0x96, 0x01])
        var numbers: [Int] = []
        let field = try #require(try plain.nextField())
        try plain.repeated(field.type, into: &numbers) { Int($0) }
        #expect(numbers == [5, 150])
    }

    @Test func malformedInputThrowsWithItsOffset() {
        var truncated = ProtobufReader([0x08, 0x96])
        #expect(throws: ProtobufError.self) {
            _ = try truncated.nextField()
            _ = try truncated.varint()
        }
        var tooLong = ProtobufReader([0x0A, 0x05, 0x01])
        _ = try? tooLong.nextField()
        #expect(throws: ProtobufError(offset: 1, message: "a field of 5 bytes runs past the end of its message")) {
            _ = try tooLong.lengthDelimited()
        }
        var group = ProtobufReader([0x0B])
        #expect(throws: ProtobufError.self) { _ = try group.nextField() }
        var fieldZero = ProtobufReader([0x00])
        #expect(throws: ProtobufError.self) { _ = try fieldZero.nextField() }
        var endless = ProtobufReader([UInt8](repeating: 0xFF, count: 11))
        #expect(throws: ProtobufError.self) { _ = try endless.varint() }
    }

    @Test func aSubMessageReadsOnlyItsOwnBytes() throws {
        var reader = ProtobufReader([0x12, 0x01, 0x08, 0x08, 0x05])
        _ = try reader.nextField()
        var inner = try reader.message()
        #expect(try inner.nextField()?.number == 1)
        #expect(throws: ProtobufError.self) { _ = try inner.varint() }
        #expect(try reader.nextField()?.number == 1)
        #expect(try reader.varint() == 5)
    }
}
