import CZlib
import Foundation

/// One file block of an OSM PBF file, still compressed.
struct PBFBlob: Sendable {
    /// `OSMHeader`, `OSMData`, or a type this reader ignores.
    var type: String
    /// Where the block's length prefix starts in the file: what errors name.
    var offset: Int
    /// The serialised `Blob` message.
    var blob: [UInt8]
}

/// Reads the file blocks of an OSM PBF file one after another (the framing of
/// fileformat.proto): a 4-byte big-endian length, a `BlobHeader` of that
/// length, then a `Blob` of the header's `datasize` bytes.
final class PBFBlobReader {
    /// The format's own limits: headers under 64 KiB, blobs under 32 MiB.
    static let maximumHeaderSize = 64 * 1024
    static let maximumBlobSize = 32 * 1024 * 1024

    let name: String
    let size: Int
    private let handle: FileHandle
    private(set) var offset = 0

    init(path: String) throws {
        name = (path as NSString).lastPathComponent
        size = try OSMFile.size(of: path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(file: path, message: "cannot open the file for reading")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next block, or nil at the end of the file.
    func next() throws -> PBFBlob? {
        let start = offset
        guard let prefix = try read(4, at: start, allowEnd: true) else { return nil }
        let headerSize = prefix.reduce(0) { $0 << 8 | Int($1) }
        guard headerSize > 0, headerSize <= Self.maximumHeaderSize else {
            throw corrupt(at: start, "the block header length is \(headerSize) bytes (at most 64 KiB is allowed); not an OpenStreetMap PBF file, or a corrupt one")
        }
        let headerBytes = try read(headerSize, at: start)!
        var type: String?
        var dataSize: Int?
        do throws(ProtobufError) {
            var header = ProtobufReader(headerBytes)
            while let field = try header.nextField() {
                switch (field.number, field.type) {
                case (1, .lengthDelimited): type = try header.string()
                case (3, .varint): dataSize = Int(truncatingIfNeeded: try header.int64())
                default: try header.skip(field.type)
                }
            }
        } catch {
            throw corrupt(at: start, "unreadable block header (\(error))")
        }
        guard let type, let dataSize else {
            throw corrupt(at: start, "the block header lacks its type or data size")
        }
        guard dataSize >= 0, dataSize <= Self.maximumBlobSize else {
            throw corrupt(at: start, "the block claims \(dataSize) bytes (at most 32 MiB is allowed)")
        }
        let blob = try read(dataSize, at: start)!
        return PBFBlob(type: type, offset: start, blob: blob)
    }

    /// The block's uncompressed content: `raw`, or `zlib_data` inflated.
    static func content(of block: PBFBlob, file: String) throws -> [UInt8] {
        var raw: Range<Int>?
        var compressed: Range<Int>?
        var rawSize: Int?
        var unsupported: String?
        do throws(ProtobufError) {
            var reader = ProtobufReader(block.blob)
            while let field = try reader.nextField() {
                switch (field.number, field.type) {
                case (1, .lengthDelimited): raw = try reader.lengthDelimited()
                case (2, .varint): rawSize = Int(truncatingIfNeeded: try reader.int64())
                case (3, .lengthDelimited): compressed = try reader.lengthDelimited()
                case (4, _), (5, _), (6, _), (7, _):
                    unsupported = ["lzma", "bzip2", "lz4", "zstd"][field.number - 4]
                    try reader.skip(field.type)
                default: try reader.skip(field.type)
                }
            }
        } catch {
            throw ImportError(file: file, location: .byteOffset(block.offset), message: "unreadable blob (\(error))")
        }
        if let raw { return Array(block.blob[raw]) }
        guard let compressed else {
            let reason = unsupported.map { "\($0) compression, which this reader does not support (only zlib)" } ?? "no data"
            throw ImportError(file: file, location: .byteOffset(block.offset), message: "the blob holds \(reason)")
        }
        guard let rawSize, rawSize >= 0, rawSize <= maximumBlobSize else {
            throw ImportError(file: file, location: .byteOffset(block.offset),
                              message: "the compressed blob does not give a valid uncompressed size")
        }
        return try inflate(block.blob[compressed], size: rawSize, file: file, offset: block.offset)
    }

    private static func inflate(_ input: ArraySlice<UInt8>, size: Int, file: String, offset: Int) throws -> [UInt8] {
        var status: Int32 = Z_OK
        var produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            var length = uLongf(size)
            status = input.withUnsafeBufferPointer { source in
                uncompress(buffer.baseAddress, &length, source.baseAddress, uLong(source.count))
            }
            produced = Int(length)
            count = status == Z_OK ? produced : 0
        }
        guard status == Z_OK, produced == size else {
            let reason = switch status {
            case Z_OK: "inflated to \(produced) bytes, not the \(size) its header gives"
            case Z_BUF_ERROR: "inflates to more than the \(size) bytes its header gives, or is cut short"
            case Z_DATA_ERROR: "the zlib data is corrupt"
            case Z_MEM_ERROR: "out of memory"
            default: "zlib error \(status)"
            }
            throw ImportError(file: file, location: .byteOffset(offset), message: "cannot decompress the blob: \(reason)")
        }
        return output
    }

    /// Exactly `count` bytes from the current position; nil at a clean end of
    /// file when `allowEnd`, an error naming the block when cut short.
    private func read(_ count: Int, at blockStart: Int, allowEnd: Bool = false) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: count - bytes.count)
            } catch {
                throw corrupt(at: blockStart, "cannot read the file (\((error as NSError).localizedDescription))")
            }
            guard let chunk, !chunk.isEmpty else {
                if allowEnd, bytes.isEmpty { return nil }
                throw corrupt(at: blockStart, "the file ends inside this block (truncated?)")
            }
            bytes.append(contentsOf: chunk)
        }
        offset += count
        return bytes
    }

    private func corrupt(at offset: Int, _ message: String) -> ImportError {
        ImportError(file: name, location: .byteOffset(offset), message: message)
    }
}
