/// An axis-aligned box in degrees (west, south, east, north).
public struct BoundingBox: Hashable, Sendable {
    public var west: Double
    public var south: Double
    public var east: Double
    public var north: Double

    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }

    /// The smallest box holding every coordinate, or nil for none.
    public init?(covering coordinates: some Sequence<Coordinate>) {
        var iterator = coordinates.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = BoundingBox(west: first.longitude, south: first.latitude,
                              east: first.longitude, north: first.latitude)
        while let next = iterator.next() { box.extend(to: next) }
        self = box
    }

    public mutating func extend(to coordinate: Coordinate) {
        west = min(west, coordinate.longitude)
        east = max(east, coordinate.longitude)
        south = min(south, coordinate.latitude)
        north = max(north, coordinate.latitude)
    }

    public func contains(_ coordinate: Coordinate) -> Bool {
        (south...north).contains(coordinate.latitude) && (west...east).contains(coordinate.longitude)
    }

    public var center: Coordinate {
        Coordinate(uncheckedLatitude: (south + north) / 2, longitude: (west + east) / 2)
    }
}
