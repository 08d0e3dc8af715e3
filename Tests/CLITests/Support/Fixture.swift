import Foundation

/// Small valid files, every field of every kind used at least once.
enum Fixture {
    static let kinds = ["facilities", "teams", "calls", "areas"]
    static let facilityKinds = ["crisis_stabilization", "behavioral_health_urgent_care", "crisis_residential",
                                "emergency_department", "detox", "sobering_center", "outpatient", "shelter", "peer_respite"]
    static let teamStatuses = ["available", "dispatched", "en_route", "on_scene", "transporting", "out_of_service", "off_duty"]
    static let callCategories = ["suicide_risk", "overdose", "psychiatric", "welfare_check", "substance_use", "disturbance", "other"]

    /// A file of Tests/CLITests/Fixtures: the seeded store's files, one per kind.
    static func file(_ name: String) -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        do { return try String(contentsOf: url, encoding: .utf8) } catch { fatalError("missing fixture \(url.path): \(error)") }
    }

    static let callsHeader = "id,received_at,category,priority,disposition,team_id,facility_id,lat,lon\n"
    static let calls = file("calls.csv")

    static func point(_ lon: Double, _ lat: Double) -> String {
        #"{"type":"Point","coordinates":[\#(lon),\#(lat)]}"#
    }

    static func feature(_ geometry: String, _ properties: String) -> String {
        #"{"type":"Feature","geometry":\#(geometry),"properties":{\#(properties)}}"#
    }

    static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    static func teamFeature(_ id: String, status: String = "available", extra: String = "") -> String {
        feature(point(-104.99, 39.74), #""id":"\#(id)","call_sign":"MCT-\#(id)","model":"mobile_crisis","status":"\#(status)","fix_at":"2026-11-22T14:00:00-07:00","skills":["spanish","youth"],"agency":"Denver Health""# + extra)
    }

    /// A valid team with only the required fields.
    static let minimalTeam = #""id":"T10","model":"cit_officer","status":"available","fix_at":"2026-11-22T14:00:00Z""#

    static let teams = file("teams.geojson")
    static let facilities = file("facilities.geojson")

    static func square(_ west: Double, _ south: Double, _ size: Double = 0.01) -> String {
        "[[[\(west),\(south)],[\(west + size),\(south)],[\(west + size),\(south + size)],[\(west),\(south + size)],[\(west),\(south)]]]"
    }

    static let areas = file("areas.geojson")

    /// What a seeded store holds, kind by kind.
    static let seedFiles = [("facilities", facilities), ("teams", teams), ("calls", calls), ("areas", areas)]
}
