extension JSONTextWriter {
    /// Where one member of an open object sits in the bytes: its key from
    /// `start` (the opening quote) to `keyEnd` (past the closing quote), then
    /// `:` and the value up to `end`. Positions only, so keeping every
    /// member of an answer costs no reference counting.
    struct Member {
        var start: Int
        var keyEnd: Int
        var end: Int
    }

    /// Whether `first`'s key sorts before `second`'s: byte order of the
    /// keys' UTF-8, which is the order Foundation's `.sortedKeys` writes for
    /// the contract's keys. The keys are compared where they were written;
    /// only a key with an escape in it is decoded first.
    func keyPrecedes(_ first: Member, _ second: Member) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            let left = UnsafeBufferPointer(rebasing: text[(first.start + 1)..<(first.keyEnd - 1)])
            let right = UnsafeBufferPointer(rebasing: text[(second.start + 1)..<(second.keyEnd - 1)])
            if left.contains(UInt8(ascii: "\\")) || right.contains(UInt8(ascii: "\\")) {
                return Self.unescaped(left).lexicographicallyPrecedes(Self.unescaped(right))
            }
            for index in 0..<min(left.count, right.count) where left[index] != right[index] {
                return left[index] < right[index]
            }
            return left.count < right.count
        }
    }

    /// The UTF-8 of a string this writer escaped (quotes not included).
    static func unescaped(_ escaped: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(escaped.count)
        var index = 0
        while index < escaped.count {
            let byte = escaped[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < escaped.count else {
                text.append(byte)
                continue
            }
            let code = escaped[index]
            index += 1
            switch code {
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "u"):
                // Only control characters are written as \u00XX.
                let hex = escaped[index..<min(index + 4, escaped.count)]
                index += hex.count
                text.append(UInt8(String(decoding: hex, as: UTF8.self), radix: 16) ?? 0)
            default: text.append(code)
            }
        }
        return text
    }
}
