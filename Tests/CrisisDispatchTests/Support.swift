import Foundation
import GeoCore
import Store
@_exported import TestSupport

enum Places {
    static let denver = Coordinate(uncheckedLatitude: 39.7392, longitude: -104.9903)
    static let noon = Date(timeIntervalSince1970: 1_795_381_200) // 2026-11-22T14:00:00-07:00 (a Sunday)

    /// Random points: uniform in a box, or heavily clustered around a few centres.
    static func points(
        _ count: Int, around center: Coordinate, spread: Double, clustered: Bool, using generator: inout SplitMix64
    ) -> [Coordinate] {
        let centres = (0..<5).map { _ in
            Coordinate(uncheckedLatitude: center.latitude + Double.random(in: -spread...spread, using: &generator) / 2,
                       longitude: center.longitude + Double.random(in: -spread...spread, using: &generator) / 2)
        }
        return (0..<count).map { _ in
            if clustered {
                let c = centres[Int.random(in: 0..<centres.count, using: &generator)]
                let lat = c.latitude + Double.random(in: -1...1, using: &generator) * Double.random(in: 0...0.01, using: &generator)
                let lon = c.longitude + Double.random(in: -1...1, using: &generator) * Double.random(in: 0...0.01, using: &generator)
                return Coordinate(uncheckedLatitude: min(90, max(-90, lat)), longitude: wrap(lon))
            }
            return Coordinate(
                uncheckedLatitude: min(90, max(-90, center.latitude + Double.random(in: -spread...spread, using: &generator))),
                longitude: wrap(center.longitude + Double.random(in: -spread...spread, using: &generator)))
        }
    }

    static func wrap(_ longitude: Double) -> Double {
        longitude > 180 ? longitude - 360 : (longitude < -180 ? longitude + 360 : longitude)
    }

    static func team(_ id: String, at location: Coordinate, status: TeamStatus = .available,
                     fixAgo: TimeInterval = 60, skills: [String] = []) -> Team {
        Team(id: id, callSign: "U-\(id)", model: .mobileCrisis, status: status, location: location,
             fixAt: noon.addingTimeInterval(-fixAgo), skills: skills)
    }

    static func facility(
        _ id: String, at location: Coordinate, kind: FacilityKind = .crisisStabilization, hours: String? = nil,
        beds: Int? = 4, accepts: [Acceptance] = [.lawEnforcementDropoff, .walkIn], ages: ClosedRange<Int>? = nil,
        services: [FacilityService] = [.mentalHealth], updatedAgo: TimeInterval = 600
    ) -> Facility {
        Facility(
            id: id, name: "Facility \(id)", kind: kind, location: location, accepts: accepts,
            ageMin: ages?.lowerBound, ageMax: ages?.upperBound, services: services, timeZone: "America/Denver",
            hours: try? hours.map { try OpeningHours(parsing: $0) }, bedsTotal: beds.map { max($0, 8) },
            bedsAvailable: beds, availabilityUpdatedAt: beds == nil ? nil : noon.addingTimeInterval(-updatedAgo))
    }
}
