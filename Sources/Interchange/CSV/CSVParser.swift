/// An RFC 4180 CSV parser over bytes.
///
/// Written here rather than taken from a package because import errors must
/// name the exact line of a record (quoted fields may span lines), the
/// parser must accept CRLF and a UTF-8 byte-order mark, and the million-row
/// import budget leaves no room for per-character `String` work.
struct CSVParser {
    struct Record {
        /// The line the record starts on, counting the header as line 1.
        var line: Int
        var fields: [String]
    }

    enum Failure: Error, Equatable {
        case unterminatedQuote(line: Int)
        case strayQuote(line: Int)
        /// Bytes that are not UTF-8 (a Latin-1 or Windows-1252 export?), in the 0-based field.
        case invalidUTF8(line: Int, field: Int)
    }

    private let bytes: [UInt8]
    /// How many bytes of the input are consumed.
    private(set) var position: Int
    /// The line the next record starts on (after the last record: the line after the input).
    private(set) var line: Int

    /// A parser over a whole file, or over one piece of it that starts on a
    /// record boundary at `firstLine` (see `CSVChunks`).
    init(bytes: [UInt8], firstLine: Int = 1) {
        self.bytes = bytes
        line = firstLine
        // A UTF-8 byte-order mark is not part of the first header name; only
        // the file's first piece can start with one.
        position = firstLine == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// How far through the input the parser is (0...1), for progress reports.
    var fractionDone: Double { bytes.isEmpty ? 1 : Double(position) / Double(bytes.count) }

    /// The next record, or nil at the end. Blank lines are skipped.
    mutating func next() throws(Failure) -> Record? {
        while position < bytes.count {
            let start = line
            var fields: [String] = []
            fields.reserveCapacity(16)
            var isBlank = true
            recordLoop: while true {
                let (field, quoted) = try readField(index: fields.count)
                if quoted || !field.isEmpty { isBlank = false }
                fields.append(field)
                guard position < bytes.count else { break recordLoop }
                switch bytes[position] {
                case UInt8(ascii: ","):
                    position += 1
                    isBlank = false
                case UInt8(ascii: "\r"):
                    position += 1
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
                    line += 1
                    break recordLoop
                default: // "\n"
                    position += 1
                    line += 1
                    break recordLoop
                }
            }
            if isBlank { continue }
            return Record(line: start, fields: fields)
        }
        return nil
    }

    /// Reads one field, leaving `position` on the delimiter that ends it.
    private mutating func readField(index: Int) throws(Failure) -> (String, quoted: Bool) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if byte == UInt8(ascii: "\"") { throw .strayQuote(line: line) }
                position += 1
            }
            guard let text = String(validating: bytes[start..<position], as: UTF8.self) else {
                throw .invalidUTF8(line: line, field: index)
            }
            return (text, false)
        }
        let openingLine = line
        position += 1
        var value: [UInt8] = []
        while true {
            guard position < bytes.count else { throw .unterminatedQuote(line: openingLine) }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") {
                if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                    value.append(byte)
                    position += 1
                    continue
                }
                guard position == bytes.count || [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")]
                    .contains(bytes[position]) else { throw .strayQuote(line: line) }
                guard let text = String(validating: value, as: UTF8.self) else {
                    throw .invalidUTF8(line: openingLine, field: index)
                }
                return (text, true)
            }
            if byte == UInt8(ascii: "\n") { line += 1 }
            value.append(byte)
        }
    }
}
