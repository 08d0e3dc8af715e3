import Foundation

/// Why a GeoJSON geometry object could not be read.
public enum GeoJSONGeometryError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAnObject
    case missingType
    case unsupportedType(String)
    case badCoordinates(String)
    case invalidPosition(index: [Int], CoordinateError)
    case unclosedRing(ring: Int)
    case tooFewPositions(ring: Int, count: Int)
    case selfIntersection(ring: Int, edges: [Int])

    public var description: String {
        switch self {
        case .notAnObject: "geometry is not a JSON object"
        case .missingType: "geometry has no 'type'"
        case .unsupportedType(let type): "geometry type '\(type)' is not supported here"
        case .badCoordinates(let detail): "coordinates are malformed: \(detail)"
        case .invalidPosition(let index, let error):
            "position \(index.map(String.init).joined(separator: "/")): \(error)"
        case .unclosedRing(let ring): "ring \(ring) is not closed (first and last positions differ)"
        case .tooFewPositions(let ring, let count): "ring \(ring) has \(count) positions; a ring needs at least 4"
        case .selfIntersection(let ring, let edges):
            "ring \(ring) is invalid: it crosses or touches itself (edges \(edges.map(String.init).joined(separator: " and ")))"
        }
    }
}

extension Geometry {
    /// Reads an RFC 7946 geometry already parsed by `JSONSerialization`.
    public init(geoJSONObject object: Any) throws(GeoJSONGeometryError) {
        guard let object = object as? [String: Any] else { throw .notAnObject }
        guard let type = object["type"] as? String else { throw .missingType }
        let coordinates = object["coordinates"]
        switch type {
        case "Point":
            self = .point(try Self.position(coordinates, index: []))
        case "Polygon":
            self = .polygon(try Self.polygon(coordinates, index: []))
        case "MultiPolygon":
            guard let parts = coordinates as? [Any] else { throw .badCoordinates("MultiPolygon needs an array of polygons") }
            var polygons: [Polygon] = []
            for (i, part) in parts.enumerated() { polygons.append(try Self.polygon(part, index: [i])) }
            guard !polygons.isEmpty else { throw .badCoordinates("MultiPolygon has no polygons") }
            self = .multiPolygon(polygons)
        default:
            throw .unsupportedType(type)
        }
    }

    public init(geoJSONText text: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        try self.init(geoJSONObject: object)
    }

    /// The geometry as an RFC 7946 object, ready for `JSONSerialization`.
    public var geoJSONObject: [String: Any] {
        func position(_ c: Coordinate) -> [Double] { [c.longitude, c.latitude] }
        func rings(_ p: Polygon) -> [[[Double]]] { p.rings.map { $0.map(position) } }
        switch self {
        case .point(let c): return ["type": "Point", "coordinates": position(c)]
        case .polygon(let p): return ["type": "Polygon", "coordinates": rings(p)]
        case .multiPolygon(let ps): return ["type": "MultiPolygon", "coordinates": ps.map(rings)]
        }
    }

    /// Compact GeoJSON text of the geometry.
    public func geoJSONText() throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: geoJSONObject, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A one-part multipolygon as the plain polygon it is; anything else unchanged.
    public var simplifiedMulti: Geometry {
        if case .multiPolygon(let parts) = self, parts.count == 1 { return .polygon(parts[0]) }
        return self
    }

    private static func number(_ value: Any?) -> Double? {
        (value as? NSNumber)?.doubleValue
    }

    private static func position(_ value: Any?, index: [Int]) throws(GeoJSONGeometryError) -> Coordinate {
        guard let array = value as? [Any], array.count >= 2 else {
            throw .badCoordinates("position \(index.map(String.init).joined(separator: "/")) needs [longitude, latitude]")
        }
        guard let lon = number(array[0]), let lat = number(array[1]) else {
            throw .badCoordinates("position \(index.map(String.init).joined(separator: "/")) holds a non-number")
        }
        do {
            return try Coordinate(latitude: lat, longitude: lon)
        } catch {
            throw .invalidPosition(index: index, error)
        }
    }

    private static func polygon(_ value: Any?, index: [Int]) throws(GeoJSONGeometryError) -> Polygon {
        guard let ringValues = value as? [Any], !ringValues.isEmpty else {
            throw .badCoordinates("a polygon needs an array of rings")
        }
        var rings: [LinearRing] = []
        for (r, ringValue) in ringValues.enumerated() {
            guard let positions = ringValue as? [Any] else { throw .badCoordinates("ring \(r) is not an array") }
            var ring: LinearRing = []
            ring.reserveCapacity(positions.count)
            for (p, positionValue) in positions.enumerated() {
                ring.append(try position(positionValue, index: index + [r, p]))
            }
            guard ring.count >= 4 else { throw .tooFewPositions(ring: r, count: ring.count) }
            guard ring.first == ring.last else { throw .unclosedRing(ring: r) }
            if let (a, b) = ring.firstSelfIntersection() { throw .selfIntersection(ring: r, edges: [a, b]) }
            rings.append(ring)
        }
        return Polygon(rings: rings)
    }
}
