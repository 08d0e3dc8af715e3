import GeoCore

/// A planning area (tract, neighborhood, beat, county) with its population.
public struct Area: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var kind: AreaKind?
    public var population: Int
    /// A polygon or multipolygon in WGS84.
    public var geometry: Geometry
    public var extra: [String: JSONValue]

    public init(
        id: String, name: String, kind: AreaKind? = nil, population: Int,
        geometry: Geometry, extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.population = population
        self.geometry = geometry
        self.extra = extra
    }
}

public enum AreaKind: String, CaseIterable, Sendable, Codable {
    case tract
    case neighborhood
    case beat
    case county
}
