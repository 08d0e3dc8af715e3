import Foundation

/// A CSV file read in pieces that each end on a record boundary, so an
/// import holds a few megabytes of the file at a time however large it is.
///
/// A newline ends a record exactly when an even number of quotes precede it
/// in the piece: RFC 4180 quotes open and close fields, and a doubled quote
/// inside a field counts twice. A file with a stray quote keeps growing its
/// piece until the next quote or the end; the parser then reports the quote
/// on its line, as it would for the whole file.
struct CSVChunks {
    /// One piece of whole records.
    struct Chunk {
        var bytes: [UInt8]
        /// Where the piece starts in the file, for progress.
        var offset: Int
    }

    let path: String
    let fileSize: Int
    private let handle: FileHandle
    private let readSize: Int
    /// Bytes read past the last boundary handed out.
    private var carry: [UInt8] = []
    private var offset = 0
    private var atEnd = false
    /// Whether the end of `carry` is inside a quoted field.
    private var insideQuotes = false

    /// Opens `path`; `readSize` is how much is read at a time (the pieces are about that size).
    init(path: String, readSize: Int = 4 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.path = path
        self.handle = handle
        self.readSize = readSize
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        fileSize = (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    func close() {
        try? handle.close()
    }

    /// The next piece of whole records, or nil after the last.
    mutating func next() throws -> Chunk? {
        while !atEnd {
            let read = try handle.read(upToCount: readSize) ?? Data()
            if read.isEmpty {
                atEnd = true
                break
            }
            let scanFrom = carry.count
            carry.append(contentsOf: read)
            if let cut = scanForBoundary(from: scanFrom) {
                let piece = Array(carry[..<cut])
                carry.removeSubrange(..<cut)
                defer { offset += piece.count }
                return Chunk(bytes: piece, offset: offset)
            }
        }
        guard !carry.isEmpty else { return nil }
        defer {
            offset += carry.count
            carry = []
        }
        return Chunk(bytes: carry, offset: offset)
    }

    /// Scans the newly read bytes for the last newline outside quotes.
    /// `insideQuotes` stays right for what is carried over: the state at a
    /// boundary is "outside", so the rest starts where the scan ended.
    private mutating func scanForBoundary(from start: Int) -> Int? {
        var inside = insideQuotes
        let boundary = carry.withUnsafeBufferPointer { buffer -> Int? in
            var boundary: Int?
            for i in start..<buffer.count {
                switch buffer[i] {
                case UInt8(ascii: "\""): inside.toggle()
                case UInt8(ascii: "\n") where !inside: boundary = i + 1
                default: break
                }
            }
            return boundary
        }
        insideQuotes = inside
        return boundary
    }
}
