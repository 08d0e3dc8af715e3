import Dispatch
import Foundation

/// Reads an OpenStreetMap `.osm.pbf` file (the OSM wiki's "PBF Format"):
/// an `OSMHeader` block, then `OSMData` blocks of nodes, ways and relations.
///
/// Blocks are independent, so a batch of them is inflated and decoded on
/// every core at once and then handed over in file order; memory stays at
/// one batch of blocks whatever the file's size.
public struct OSMPBFReader: OSMElementSource {
    /// What the reader understands of a header's `required_features`.
    static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]

    public let path: String
    public let name: String

    public init(path: String) throws {
        self.path = path
        name = (path as NSString).lastPathComponent
        _ = try OSMFile.size(of: path)
    }

    public func read(
        nodes: ((OSMNode) throws -> Void)?,
        ways: ((OSMWay) throws -> Void)?,
        progress: ((Double) -> Void)?
    ) throws {
        let blobs = try PBFBlobReader(path: path)
        guard let first = try blobs.next() else {
            throw ImportError(file: name, message: "the file is empty")
        }
        guard first.type == "OSMHeader" else {
            throw ImportError(file: name, location: .byteOffset(first.offset),
                              message: "the first block is '\(first.type)', not OSMHeader: not an OpenStreetMap PBF file")
        }
        try checkHeader(first)
        let wanted = PBFPrimitiveBlock.Wanted(nodes: nodes != nil, ways: ways != nil)
        let batchSize = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        var batch: [PBFBlob] = []
        var finished = false
        while !finished {
            batch.removeAll(keepingCapacity: true)
            while batch.count < batchSize {
                guard let blob = try blobs.next() else {
                    finished = true
                    break
                }
                if blob.type == "OSMData" { batch.append(blob) }
            }
            for block in try decode(batch, wanted: wanted) {
                if let nodes { for node in block.nodes { try nodes(node) } }
                if let ways { for way in block.ways { try ways(way) } }
            }
            if blobs.size > 0 { progress?(Double(blobs.offset) / Double(blobs.size)) }
        }
    }

    private func checkHeader(_ header: PBFBlob) throws {
        let bytes = try PBFBlobReader.content(of: header, file: name)
        var required: [String] = []
        do throws(ProtobufError) {
            var reader = ProtobufReader(bytes)
            while let field = try reader.nextField() {
                if field.number == 4, field.type == .lengthDelimited {
                    required.append(try reader.string())
                } else {
                    try reader.skip(field.type)
                }
            }
        } catch {
            throw ImportError(file: name, location: .byteOffset(header.offset), message: "unreadable OSMHeader (\(error))")
        }
        if let unknown = required.first(where: { !Self.supportedFeatures.contains($0) }) {
            throw ImportError(file: name, location: .byteOffset(header.offset),
                              message: "the file requires the feature '\(unknown)', which this reader does not support (a history or changes file?)")
        }
    }

    /// Inflates and decodes every block of the batch concurrently; results
    /// come back in the batch's (the file's) order.
    private func decode(_ batch: [PBFBlob], wanted: PBFPrimitiveBlock.Wanted) throws -> [PBFPrimitiveBlock] {
        let slots = DecodedSlots(count: batch.count)
        let name = name
        DispatchQueue.concurrentPerform(iterations: batch.count) { index in
            let blob = batch[index]
            do {
                let bytes = try PBFBlobReader.content(of: blob, file: name)
                slots.store(.success(try PBFPrimitiveBlock(bytes: bytes, wanted: wanted)), at: index)
            } catch let failure as ProtobufError {
                slots.store(.failure(ImportError(file: name, location: .byteOffset(blob.offset),
                                                 message: "corrupt OSMData block (\(failure))")), at: index)
            } catch {
                slots.store(.failure(error), at: index)
            }
        }
        return try slots.results()
    }
}

/// One result slot per block of a batch, each written by exactly one
/// concurrent iteration and read only after all of them have finished.
private final class DecodedSlots: @unchecked Sendable {
    private let count: Int
    // A raw buffer, not an Array: Array's mutating accessors move the whole
    // array out and back, which concurrent writers would race on.
    private let slots: UnsafeMutablePointer<Result<PBFPrimitiveBlock, any Error>?>

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ result: Result<PBFPrimitiveBlock, any Error>, at index: Int) {
        slots[index] = result
    }

    /// The blocks in order, or the first block's error in file order.
    func results() throws -> [PBFPrimitiveBlock] {
        try (0..<count).map { try slots[$0]!.get() }
    }
}
