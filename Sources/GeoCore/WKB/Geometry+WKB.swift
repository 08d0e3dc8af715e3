import Foundation

/// Why well-known binary could not be read.
public enum WKBError: Error, Equatable, Sendable {
    case truncated
    case unsupportedType(UInt32)
    case badByteOrder(UInt8)
}

/// OGC well-known binary (little-endian, 2-D): the exact, lossless way to
/// hand geometries to SpatiaLite (`GeomFromWKB`) and PostGIS alike. Text
/// formats round decimals on the way through SpatiaLite's parser.
extension Geometry {
    public var wellKnownBinary: Data {
        var writer = WKBWriter()
        switch self {
        case .point(let coordinate):
            writer.header(type: 1)
            writer.position(coordinate)
        case .polygon(let polygon):
            writer.polygon(polygon)
        case .multiPolygon(let polygons):
            writer.header(type: 6)
            writer.count(polygons.count)
            for polygon in polygons { writer.polygon(polygon) }
        }
        return writer.data
    }

    public init(wellKnownBinary data: Data) throws(WKBError) {
        var reader = WKBReader(bytes: [UInt8](data))
        self = try reader.geometry()
    }
}

private struct WKBWriter {
    var data = Data()

    mutating func header(type: UInt32) {
        data.append(1)
        append(type)
    }

    mutating func count(_ value: Int) { append(UInt32(value)) }

    mutating func position(_ coordinate: Coordinate) {
        append(coordinate.longitude.bitPattern)
        append(coordinate.latitude.bitPattern)
    }

    mutating func polygon(_ polygon: Polygon) {
        header(type: 3)
        count(polygon.rings.count)
        for ring in polygon.rings {
            count(ring.count)
            for coordinate in ring { position(coordinate) }
        }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// Shared with the line-string codec beside this file (big-endian input).
struct WKBReader {
    let bytes: [UInt8]
    var offset = 0
    var littleEndian = true

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func geometry() throws(WKBError) -> Geometry {
        switch try header() {
        case 1: return .point(try position())
        case 3: return .polygon(try polygonBody())
        case 6:
            let count = try uint32()
            var polygons: [Polygon] = []
            for _ in 0..<count {
                guard try header() == 3 else { throw .unsupportedType(3) }
                polygons.append(try polygonBody())
            }
            return .multiPolygon(polygons)
        case let type: throw .unsupportedType(type)
        }
    }

    mutating func header() throws(WKBError) -> UInt32 {
        guard offset < bytes.count else { throw .truncated }
        let order = bytes[offset]
        guard order <= 1 else { throw .badByteOrder(order) }
        littleEndian = order == 1
        offset += 1
        return try uint32()
    }

    private mutating func polygonBody() throws(WKBError) -> Polygon {
        var rings: [LinearRing] = []
        for _ in 0..<(try uint32()) {
            var ring: LinearRing = []
            for _ in 0..<(try uint32()) { ring.append(try position()) }
            rings.append(ring)
        }
        return Polygon(rings: rings)
    }

    mutating func position() throws(WKBError) -> Coordinate {
        let x = Double(bitPattern: try uint64())
        let y = Double(bitPattern: try uint64())
        return Coordinate(uncheckedLatitude: y, longitude: x)
    }

    mutating func uint32() throws(WKBError) -> UInt32 { UInt32(truncatingIfNeeded: try integer(size: 4)) }
    private mutating func uint64() throws(WKBError) -> UInt64 { try integer(size: 8) }

    private mutating func integer(size: Int) throws(WKBError) -> UInt64 {
        guard offset + size <= bytes.count else { throw .truncated }
        var value: UInt64 = 0
        for i in 0..<size {
            let byte = UInt64(bytes[offset + (littleEndian ? size - 1 - i : i)])
            value = value << 8 | byte
        }
        offset += size
        return value
    }
}
