/// A Universal Transverse Mercator zone: the default local metric projection
/// for cell sizes and bandwidths given in metres.
public struct UTMZone: Hashable, Sendable, CustomStringConvertible {
    public let number: Int
    public let isNorthern: Bool

    /// The zone that holds a position (standard 6° zones; the Norway and
    /// Svalbard exceptions are not applied).
    public init(containing coordinate: Coordinate) {
        let zone = Int(((coordinate.longitude + 180) / 6).rounded(.down)) + 1
        self.number = min(max(zone, 1), 60)
        self.isNorthern = coordinate.latitude >= 0
    }

    /// The WGS84 / UTM EPSG code, e.g. `EPSG:32613` for zone 13N.
    public var epsg: String {
        "EPSG:\(isNorthern ? 32600 + number : 32700 + number)"
    }

    public var description: String { "UTM zone \(number)\(isNorthern ? "N" : "S")" }
}
