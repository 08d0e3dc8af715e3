import Foundation
import GeoCore
import Store

/// Small records every store test starts from.
public enum Fixtures {
    public static let denver = Coordinate(uncheckedLatitude: 39.7392, longitude: -104.9903)
    public static let noon = Date(timeIntervalSince1970: 1_795_381_200) // 2026-11-22T14:00:00-07:00

    public static func facility(_ id: String, at location: Coordinate = denver) -> Facility {
        Facility(
            id: id, name: "Facility \(id)", kind: .crisisStabilization, location: location,
            address: "1 Main St", phone: "303-555-0100", accepts: [.lawEnforcementDropoff, .walkIn],
            ageMin: 18, ageMax: 120, services: [.mentalHealth, .coOccurring], languages: ["en", "es"],
            payers: ["medicaid"], timeZone: "America/Denver", hours: try? OpeningHours(parsing: "Mo-Fr 08:00-20:00"),
            bedsTotal: 16, bedsAvailable: 4, availabilityUpdatedAt: noon, extra: ["npi": .string("123")])
    }

    public static func team(_ id: String, at location: Coordinate = denver) -> Team {
        Team(id: id, callSign: "MCT-\(id)", model: .mobileCrisis, status: .available, location: location,
             fixAt: noon, skills: ["spanish"], agency: "Denver Health", extra: [:])
    }

    public static func call(_ id: String, at location: Coordinate = denver) -> CrisisCall {
        CrisisCall(id: id, receivedAt: noon, category: .psychiatric, location: location, priority: 2,
                   disposition: .referred, teamID: "T1", facilityID: nil, extra: ["source": .string("cad")])
    }

    public static func square(west: Double, south: Double, size: Double) -> Polygon {
        let ring = [
            Coordinate(uncheckedLatitude: south, longitude: west),
            Coordinate(uncheckedLatitude: south, longitude: west + size),
            Coordinate(uncheckedLatitude: south + size, longitude: west + size),
            Coordinate(uncheckedLatitude: south + size, longitude: west),
            Coordinate(uncheckedLatitude: south, longitude: west),
        ]
        return Polygon(rings: [ring])
    }

    public static func area(_ id: String, geometry: Geometry? = nil) -> Area {
        Area(id: id, name: "Area \(id)", kind: .neighborhood, population: 1200,
             geometry: geometry ?? .polygon(square(west: -105, south: 39.7, size: 0.01)))
    }

    /// Random calls, a third clustered downtown, minutes apart, every category in turn:
    /// what a bulk load sees.
    public static func randomCalls(count: Int, seed: UInt64) -> [CrisisCall] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let clustered = i % 3 == 0
            let lat = clustered ? 39.74 + Double.random(in: -0.002...0.002, using: &generator) : Double.random(in: 39.5...40.0, using: &generator)
            let lon = clustered ? -104.99 + Double.random(in: -0.002...0.002, using: &generator)
                : Double.random(in: -105.3 ... -104.6, using: &generator)
            var made = Self.call(String(format: "C%07d", i), at: Coordinate(uncheckedLatitude: lat, longitude: lon))
            made.receivedAt = noon.addingTimeInterval(Double(i * 60))
            made.category = CallCategory.allCases[i % CallCategory.allCases.count]
            return made
        }
    }
}
