import Foundation

/// Well-known binary for a single LINESTRING, kept apart from `Geometry`
/// because only road edges are lines: adding a case to `Geometry` would
/// oblige every switch over it (GeoJSON, rendering, areas) to handle lines
/// that never reach them.
public enum LineStringWKB {
    /// Little-endian 2-D LINESTRING.
    public static func encode(_ coordinates: [Coordinate]) -> Data {
        // Written into a sized buffer in one go: appending to `Data` value
        // by value was a fifth of the cost of storing a road network.
        let size = 9 + 16 * coordinates.count
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { buffer in
            buffer[0] = 1
            buffer.storeBytes(of: UInt32(2).littleEndian, toByteOffset: 1, as: UInt32.self)
            buffer.storeBytes(of: UInt32(coordinates.count).littleEndian, toByteOffset: 5, as: UInt32.self)
            for (i, coordinate) in coordinates.enumerated() {
                buffer.storeBytes(of: coordinate.longitude.bitPattern.littleEndian, toByteOffset: 9 + 16 * i, as: UInt64.self)
                buffer.storeBytes(of: coordinate.latitude.bitPattern.littleEndian, toByteOffset: 17 + 16 * i, as: UInt64.self)
            }
        }
        return Data(bytes)
    }

    public static func decode(_ data: Data) throws(WKBError) -> [Coordinate] {
        try decode(bytes: [UInt8](data))
    }

    /// Reads straight from bytes a caller already holds (an SQLite column
    /// blob). Little-endian input, what SpatiaLite's AsBinary writes, is read
    /// in place: this runs once per edge when a server loads its road graph.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(WKBError) -> [Coordinate] {
        guard buffer.count >= 9, buffer[0] == 1 else { return try decode(bytes: [UInt8](buffer)) }
        let type = UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 1, as: UInt32.self))
        guard type == 2 else { throw .unsupportedType(type) }
        let count = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 5, as: UInt32.self)))
        guard count <= (buffer.count - 9) / 16 else { throw .truncated }
        return [Coordinate](unsafeUninitializedCapacity: count) { coordinates, initialized in
            for i in 0..<count {
                let offset = 9 + 16 * i
                let x = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let y = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                (coordinates.baseAddress! + i).initialize(
                    to: Coordinate(uncheckedLatitude: Double(bitPattern: y), longitude: Double(bitPattern: x)))
            }
            initialized = count
        }
    }

    private static func decode(bytes: [UInt8]) throws(WKBError) -> [Coordinate] {
        var reader = WKBReader(bytes: bytes)
        let type = try reader.header()
        guard type == 2 else { throw .unsupportedType(type) }
        let count = Int(try reader.uint32())
        // A corrupt count must not reserve gigabytes before the read fails.
        guard count <= (bytes.count - reader.offset) / 16 else { throw .truncated }
        var coordinates: [Coordinate] = []
        coordinates.reserveCapacity(count)
        for _ in 0..<count { coordinates.append(try reader.position()) }
        return coordinates
    }
}
