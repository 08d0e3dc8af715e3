import Foundation
import Store

/// Why a way with a `highway` tag did not become road.
public enum RoadSkipReason: String, CaseIterable, Hashable, Sendable, Comparable {
    /// A highway class cars do not use (footway, cycleway, path, steps...);
    /// the summary counts these per class.
    case notDrivable = "not_drivable"
    /// `highway=construction` or `highway=proposed`: not open yet.
    case underConstruction = "under_construction"
    /// `area=yes`: a square or car park outline, not a line to drive along.
    case area
    /// `access=no|private` without a motor-vehicle exception, or
    /// `motor_vehicle`/`motorcar` = no|private.
    case accessRestricted = "access_restricted"
    /// The way names nodes the file does not hold (cut at an extract's edge).
    case missingNodes = "missing_nodes"
    /// Fewer than two distinct nodes: no line.
    case degenerate

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How a way's tags become a drivable road: its class, direction and speed.
/// The OpenStreetMap conventions followed are those of the wiki's Key:highway,
/// Key:oneway, Key:access and Key:maxspeed pages.
public enum RoadTagRules {
    /// Default speeds in km/h when a way has no usable `maxspeed`: this
    /// project's own defaults (typical urban and suburban US limits, rounded
    /// down), not an OpenStreetMap standard. Link roads run a little below
    /// the class they join. The classes listed are the drivable ones.
    public static let defaultSpeedKmh: [String: Double] = [
        "motorway": 100, "motorway_link": 60,
        "trunk": 80, "trunk_link": 50,
        "primary": 60, "primary_link": 45,
        "secondary": 50, "secondary_link": 40,
        "tertiary": 40, "tertiary_link": 30,
        "unclassified": 30,
        "residential": 30,
        "living_street": 10,
        "service": 15,
        // `road`: a way of unknown class, mapped from imagery; assume slow.
        "road": 30,
    ]

    /// What the tags make of a way: the road, or why there is none. Nil for
    /// ways that are not highways at all (buildings, rivers, boundaries).
    public static func classify(_ tags: [String: String]) -> RoadVerdict? {
        guard let highway = tags["highway"] else { return nil }
        if highway == "construction" || highway == "proposed" { return .skipped(.underConstruction) }
        guard let defaultSpeed = defaultSpeedKmh[highway] else { return .skipped(.notDrivable) }
        if tags["area"] == "yes" { return .skipped(.area) }
        if !motorVehiclesAllowed(tags) { return .skipped(.accessRestricted) }
        let oneWay = oneWay(tags, highway: highway)
        return .road(RoadClass(
            highway: highway, name: tags["name"], speedKmh: tags["maxspeed"].flatMap(speedKmh) ?? defaultSpeed,
            direction: oneWay == .none ? .both : .forward, reversed: oneWay == .reverse))
    }

    /// `access=no|private` closes a way unless `motor_vehicle` or `motorcar`
    /// reopens it (yes, designated); either of those set to no|private closes
    /// it to cars whatever `access` says.
    static func motorVehiclesAllowed(_ tags: [String: String]) -> Bool {
        let closed: Set<String> = ["no", "private"]
        let open: Set<String> = ["yes", "designated"]
        let vehicle = [tags["motorcar"], tags["motor_vehicle"]].compactMap { $0 }
        if vehicle.contains(where: closed.contains) { return false }
        if let access = tags["access"], closed.contains(access) {
            return vehicle.contains(where: open.contains)
        }
        return true
    }

    enum OneWay { case none, forward, reverse }

    /// `oneway=yes|true|1` forward and `-1|reverse` against the drawing
    /// direction; roundabouts and motorways are one-way unless `oneway` says
    /// otherwise; anything else (no, alternating, reversible...) drives both ways.
    static func oneWay(_ tags: [String: String], highway: String) -> OneWay {
        switch tags["oneway"] {
        case "yes", "true", "1": return .forward
        case "-1", "reverse": return .reverse
        case .some: return .none
        case nil:
            if let junction = tags["junction"], junction == "roundabout" || junction == "circular" { return .forward }
            return highway == "motorway" ? .forward : .none
        }
    }

    /// A `maxspeed` in km/h: a plain number is km/h, `NN mph` miles an hour,
    /// `NN knots` knots; several values (`50;30`) take the first. Nil for
    /// what is not a number (`none`, `walk`, `RU:urban`): the default applies.
    public static func speedKmh(_ text: String) -> Double? {
        let first = text.split(separator: ";", maxSplits: 1).first.map(String.init) ?? text
        let trimmed = first.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        switch unit {
        case "", "km/h", "kmh", "kph": return value
        case "mph": return value * 1.609344
        case "knots": return value * 1.852
        default: return nil
        }
    }
}

/// What a highway way is: a road, or left out for a reason.
public enum RoadVerdict: Hashable, Sendable {
    case road(RoadClass)
    case skipped(RoadSkipReason)
}

/// A drivable way's road attributes, shared by every edge cut from it.
public struct RoadClass: Hashable, Sendable {
    public var highway: String
    public var name: String?
    public var speedKmh: Double
    public var direction: RoadDirection
    /// `oneway=-1`: the geometry is stored reversed so the edge reads forward.
    public var reversed: Bool
}
