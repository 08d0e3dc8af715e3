import Contract
import Foundation
import Store
import Testing
import TestSupport
@testable import Interchange

/// The CSV import reads a file in pieces and keeps no per-row state: these
/// pin that the pieces, lines and duplicate checks come out as if the whole
/// file were read at once.
@Suite struct StreamedCSVReadingTests {
    static let header = "id,received_at,category,lat,lon,note\n"

    static func row(_ id: String, note: String = "") -> String {
        "\(id),2026-11-22T14:00:00Z,other,39.7,-105,\(note)\n"
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let url = try TemporaryFolder.make("streamed-csv").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func pieces(_ text: String, readSize: Int) throws -> [[UInt8]] {
        var chunks = try CSVChunks(path: try write(text, "pieces.csv"), readSize: readSize)
        defer { chunks.close() }
        var result: [[UInt8]] = []
        while let chunk = try chunks.next() { result.append(chunk.bytes) }
        return result
    }

    static func readAll(
        _ text: String, readSize: Int = 7, batchSize: Int = 3, filter: RepeatedIDFilter? = nil
    ) throws(ImportError) -> (records: [CrisisCall], batches: Int, reader: CSVRecordReader<CrisisCall>) {
        let path: String
        do { path = try write(text, "calls.csv") } catch { fatalError("\(error)") }
        var reader = try CSVRecordReader<CrisisCall>(
            path: path, file: "calls.csv", options: ImportOptions(), batchSize: batchSize, readSize: readSize,
            repeatFilter: filter)
        var records: [CrisisCall] = []
        var batches = 0
        while let batch = try reader.nextBatch(progress: nil) {
            #expect(batch.count <= batchSize)
            records += batch
            batches += 1
        }
        return (records, batches, reader)
    }

    @Test func piecesEndOnRecordBoundariesEvenInsideQuotedNewlines() throws {
        let text = "a,b\n1,\"x\ny\"\n2,\"say \"\"hi\"\"\nthere\"\n3,z\n4,\"\"\n"
        for readSize in [1, 2, 5, 7, 64] {
            let pieces = try Self.pieces(text, readSize: readSize)
            #expect(pieces.joined().elementsEqual(Array(text.utf8)), "read size \(readSize)")
            for piece in pieces {
                var parser = CSVParser(bytes: piece, firstLine: 2)
                while let record = try parser.next() { _ = record }
                #expect(piece.last == UInt8(ascii: "\n"), "read size \(readSize): a piece ends mid-record")
            }
        }
    }

    @Test func linesAndFieldsMatchReadingTheWholeFile() throws {
        let text = Self.header + Self.row("C1") + Self.row("C2", note: "\"two\nlines\"") + "\n" + Self.row("C3")
            + Self.row("C4", note: "\"a,b\"") + Self.row("C5")
        let (records, batches, reader) = try Self.readAll(text)
        #expect(records.map(\.id) == ["C1", "C2", "C3", "C4", "C5"])
        #expect(records[1].extra["note"] == .string("two\nlines"))
        #expect(batches == 2)
        #expect(reader.recordsRead == 5)
        // C3 starts on line 6: C2 spans lines 3-4 and line 5 is blank.
        let refusal = reader.refusal(ofRecord: 2, field: "geometry", reason: "rejected")
        #expect(refusal.location == .line(6))
        #expect(reader.refusal(ofRecord: 4, field: nil, reason: "x").location == .line(8))
    }

    @Test func aByteOrderMarkIsSkippedAtTheStartOnly() throws {
        let text = "\u{FEFF}" + Self.header + Self.row("C1") + Self.row("\u{FEFF}C2")
        let (records, _, _) = try Self.readAll(text, readSize: 3)
        #expect(records.map(\.id) == ["C1", "\u{FEFF}C2"])
    }

    @Test func anErrorInALaterPieceNamesItsLine() {
        let text = Self.header + (1...40).map { Self.row("C\($0)") }.joined() + "C41,2026-11-22T14:00:00Z,other,abc,-105,\n"
        #expect {
            _ = try Self.readAll(text, readSize: 50, batchSize: 7)
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.location == .line(42) && error.field == "lat"
        }
    }

    @Test func aRepeatedIdInALaterBatchNamesBothLines() {
        let text = Self.header + (1...30).map { Self.row("C\($0)") }.joined() + Self.row("C7")
        #expect {
            _ = try Self.readAll(text, readSize: 64, batchSize: 4)
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.location == .line(32) && error.field == "id"
                && error.message.contains("duplicate id 'C7' (first on line 8)")
        }
    }

    @Test func aRepeatedIdBeforeABadRowIsReportedFirst() {
        let text = Self.header + Self.row("C1") + Self.row("C2") + Self.row("C1")
            + "C3,2026-11-22T14:00:00Z,other,abc,-105,\n"
        #expect {
            _ = try Self.readAll(text)
        } throws: { error in
            (error as? ImportError)?.location == .line(4) && (error as? ImportError)?.field == "id"
        }
    }

    @Test func falseAlarmsOfASaturatedFilterCostTimeNotAWrongError() throws {
        // 64 bits for 200 ids: nearly every id is a suspect, none is repeated.
        let text = Self.header + (1...200).map { Self.row("C\($0)") }.joined()
        let (records, _, _) = try Self.readAll(text, readSize: 256, batchSize: 16, filter: RepeatedIDFilter(bitCount: 64))
        #expect(records.count == 200)
    }

    @Test func theFilterNeverMissesAnIdItHasSeen() {
        var filter = RepeatedIDFilter(expectedCount: 50_000)
        var alarms = 0
        for i in 0..<50_000 where filter.insert("call-\(i)") { alarms += 1 }
        #expect(alarms < 5, "false alarms: \(alarms)")
        for i in stride(from: 0, to: 50_000, by: 97) {
            let seen = filter.insert("call-\(i)")
            #expect(seen)
        }
    }

    @Test func recordLinesAreRunsThatAnswerEveryIndex() {
        var lines = RecordLines()
        let starts = [2, 3, 4, 6, 7, 10, 11, 12, 13]
        for line in starts { lines.append(line: line) }
        #expect(lines.count == starts.count)
        for (index, line) in starts.enumerated() { #expect(lines.line(ofRecord: index) == line) }
    }
}
