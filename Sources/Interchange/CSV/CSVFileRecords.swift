/// The records of a CSV file read in pieces (`CSVChunks`): one parser per
/// piece, with the line count carried from each piece to the next.
struct CSVFileRecords {
    enum Failure: Error {
        case parse(CSVParser.Failure)
        case read(any Error)
    }

    /// Lines in the file, estimated from its first piece (exact when that piece is the whole file).
    let estimatedLineCount: Int
    private var chunks: CSVChunks
    private var parser: CSVParser
    private var pieceOffset = 0

    /// Opens `path` and reads its first piece.
    init(path: String, readSize: Int = 4 << 20) throws(Failure) {
        do {
            chunks = try CSVChunks(path: path, readSize: readSize)
        } catch {
            throw .read(error)
        }
        let first: CSVChunks.Chunk?
        do { first = try chunks.next() } catch { throw .read(error) }
        let bytes = first?.bytes ?? []
        parser = CSVParser(bytes: bytes)
        let newlines = bytes.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let share = Double(max(bytes.count, 1)) / Double(max(chunks.fileSize, 1))
        estimatedLineCount = Int((Double(newlines) / share).rounded())
    }

    /// The next record, or nil after the last (the file is closed then).
    mutating func next() throws(Failure) -> CSVParser.Record? {
        while true {
            do {
                if let record = try parser.next() { return record }
            } catch {
                throw .parse(error)
            }
            let piece: CSVChunks.Chunk?
            do { piece = try chunks.next() } catch { throw .read(error) }
            guard let piece else {
                chunks.close()
                return nil
            }
            parser = CSVParser(bytes: piece.bytes, firstLine: parser.line)
            pieceOffset = piece.offset
        }
    }

    /// How far through the file reading is (0...1), for progress reports.
    var fractionDone: Double {
        chunks.fileSize == 0 ? 1 : min(1, Double(pieceOffset + parser.position) / Double(chunks.fileSize))
    }

    func close() {
        chunks.close()
    }
}
