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

extension BoundingBox {
    /// `west,south,east,north` in degrees, as `--bbox` and `?bbox=` take it;
    /// nil unless all four are numbers in range with west < east and south < north.
    public init?(text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let w = parts[0], let s = parts[1], let e = parts[2], let n = parts[3],
              (-180...180).contains(w), (-180...180).contains(e), (-90...90).contains(s), (-90...90).contains(n),
              w < e, s < n else { return nil }
        self.init(west: w, south: s, east: e, north: n)
    }
}
