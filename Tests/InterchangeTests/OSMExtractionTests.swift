import Foundation
import GeoCore
import Store
import Testing
@testable import Interchange

/// The fixture's ways become the edges the rules promise.
@Suite struct OSMExtractionTests {
    let extraction: RoadExtraction

    init() throws {
        extraction = try OSMFixture.withFolder { folder in
            try OSMFixture.extract(OSMFixture.write(OSMFixture.xml, to: folder, as: "fixture.osm"))
        }
    }

    func edges(ofWay way: Int64) -> [RoadEdge] { extraction.edges.filter { $0.osmWayID == way } }

    @Test func edgesAreNumberedInWayOrderAndCutAtJunctions() {
        let summary = extraction.edges.map { "\($0.id):\($0.osmWayID):\($0.from)->\($0.to)" }
        #expect(summary == [
            "1:100:1->2", "2:100:2->3", "3:100:3->4",   // Main Street, cut where 101 and 102 meet it and at 105
            "4:101:5->2", "5:101:2->6",                 // the crossing street, cut at node 2
            "6:102:3->8",                               // 7 is no junction: the way there is closed to cars
            "7:103:10->8",                              // oneway=-1, stored reversed
            "8:104:11->13", "9:104:13->11",             // the roundabout, cut where 105 and 106 join
            "10:105:4->11", "11:106:13->16",
            "12:107:17->18", "13:108:18->19",
            "14:110:20->21",                            // access=private but motor_vehicle=yes
        ])
    }

    @Test func geometryFollowsTheNodesBetweenJunctions() throws {
        let oneWay = try #require(edges(ofWay: 102).first)
        #expect(oneWay.geometry == [
            Coordinate(uncheckedLatitude: 39.7, longitude: -104.99),
            Coordinate(uncheckedLatitude: 39.71, longitude: -104.99),
            Coordinate(uncheckedLatitude: 39.72, longitude: -104.99),
        ])
        let reversed = try #require(edges(ofWay: 103).first)
        #expect(reversed.geometry.map(\.longitude) == [-104.98, -104.985, -104.99], "drawn 8 -> 10, driven 10 -> 8")
        let roundabout = edges(ofWay: 104)
        #expect(roundabout.map { $0.geometry.count } == [3, 3])
    }

    @Test func lengthIsTheGeodesicLengthAlongTheGeometry() throws {
        let edge = try #require(edges(ofWay: 102).first)
        let a = edge.geometry[0], b = edge.geometry[1], c = edge.geometry[2]
        let expected = Geodesic.wgs84.distance(from: a, to: b) + Geodesic.wgs84.distance(from: b, to: c)
        #expect(edge.lengthMetres == expected)
        // 0.02 degrees of latitude near 39.7 N is about 2,220 m.
        #expect(abs(edge.lengthMetres - 2_220) < 10)
    }

    @Test func directions() {
        let forward = extraction.edges.filter { $0.direction == .forward }.map(\.osmWayID)
        #expect(forward == [102, 103, 104, 104, 107], "oneway=yes, oneway=-1, roundabout, motorway")
        #expect(edges(ofWay: 108).first?.direction == .both, "oneway=no on a motorway")
        #expect(edges(ofWay: 100).allSatisfy { $0.direction == .both })
    }

    @Test func speedsFromMaxspeedOrTheClassDefault() {
        let speeds = Dictionary(extraction.edges.map { ($0.osmWayID, $0.speedKmh) }, uniquingKeysWith: { a, _ in a })
        #expect(speeds[101] == 50, "maxspeed=50 is km/h")
        #expect(speeds[102] == 25 * 1.609344, "maxspeed=25 mph")
        #expect(speeds[105] == 40, "maxspeed=40 km/h")
        #expect(speeds[100] == RoadTagRules.defaultSpeedKmh["residential"])
        #expect(speeds[104] == RoadTagRules.defaultSpeedKmh["primary"])
        #expect(speeds[106] == RoadTagRules.defaultSpeedKmh["service"])
        #expect(speeds[107] == RoadTagRules.defaultSpeedKmh["motorway"])
    }

    @Test func namesAndClassesCarryOver() {
        #expect(edges(ofWay: 100).allSatisfy { $0.name == "Main & First" && $0.highway == "residential" })
        #expect(edges(ofWay: 101).allSatisfy { $0.name == nil && $0.highway == "secondary" })
    }

    @Test func everyLeftOutWayIsCountedWithItsReason() {
        let report = extraction.report
        #expect(report.skipped == [.notDrivable: 1, .underConstruction: 1, .area: 1, .accessRestricted: 2,
                                   .missingNodes: 1, .degenerate: 1])
        #expect(report.notDrivableClasses == ["footway": 1])
        #expect(report.missingNodeExamples == [112])
        #expect(report.waysRead == 18)
        #expect(report.highwayWays == 17, "the building is no highway")
        #expect(report.keptWays == 10)
        #expect(report.nodesRead == 24)
        #expect(report.edgeCount == 14)
        #expect(report.nodeCount == 16)
        #expect(report.oneWayEdgeCount == 5)
        #expect(abs(report.totalLengthMetres - extraction.edges.map(\.lengthMetres).reduce(0, +)) < 1e-6)
    }

    @Test func aWayDroppedForMissingNodesLeavesNoJunctionBehind() throws {
        // Way 112 would have met 101 at node 6, its end anyway; put the
        // missing-node way across the middle of a street instead.
        let xml = OSMFixture.xml.replacingOccurrences(
            of: #"<nd ref="6"/><nd ref="999"/>"#, with: #"<nd ref="999"/><nd ref="15"/>"#)
        let cut = try OSMFixture.withFolder { folder in
            try OSMFixture.extract(OSMFixture.write(xml, to: folder, as: "cut.osm"))
        }
        #expect(cut.edges.filter { $0.osmWayID == 105 }.map { "\($0.from)->\($0.to)" } == ["4->11"])
    }

    @Test func aWayCutAtTheExtractsBorderKeepsItsStretchesInside() throws {
        let xml = #"""
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="40.000" lon="-105.000"/>
              <node id="2" lat="40.000" lon="-104.999"/>
              <node id="4" lat="40.000" lon="-104.997"/>
              <node id="5" lat="40.000" lon="-104.996"/>
              <node id="6" lat="40.000" lon="-104.995"/>
              <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><tag k="highway" v="residential"/></way>
              <way id="2"><nd ref="7"/><nd ref="1"/><nd ref="8"/><tag k="highway" v="residential"/></way>
            </osm>
            """#
        let cut = try OSMFixture.withFolder { folder in
            try OSMFixture.extract(OSMFixture.write(xml, to: folder, as: "clipped.osm"))
        }
        #expect(cut.edges.map { "\($0.from)->\($0.to)" } == ["1->2", "4->6"], "node 3 is outside: two stretches, no bridge over the gap")
        #expect(cut.report.clippedWays == 1)
        #expect(cut.report.skipped == [.missingNodes: 1], "way 2 has no two known nodes in a row")
        #expect(cut.report.keptWays == 1)
    }
}

/// The tag rules on their own.
@Suite struct OSMRoadTagRuleTests {
    @Test(arguments: [
        ("50", 50.0), ("50 km/h", 50), ("30mph", 30 * 1.609344), (" 35 mph ", 35 * 1.609344),
        ("60;40", 60), ("10 knots", 18.52),
    ] as [(String, Double)])
    func maxspeedValues(_ text: String, _ expected: Double) {
        #expect(RoadTagRules.speedKmh(text) == expected)
    }

    @Test(arguments: ["none", "walk", "RU:urban", "signals", "", "0", "-5", "50 furlongs"])
    func maxspeedThatIsNoNumberFallsBackToTheDefault(_ text: String) {
        #expect(RoadTagRules.speedKmh(text) == nil)
    }

    @Test func accessRules() {
        func verdict(_ tags: [String: String]) -> RoadVerdict? {
            RoadTagRules.classify(["highway": "residential"].merging(tags) { _, new in new })
        }
        #expect(verdict(["access": "no"]) == .skipped(.accessRestricted))
        #expect(verdict(["access": "private", "motorcar": "designated"]).map { if case .road = $0 { true } else { false } } == true)
        #expect(verdict(["motorcar": "no"]) == .skipped(.accessRestricted))
        #expect(verdict(["access": "yes", "motor_vehicle": "private"]) == .skipped(.accessRestricted))
        #expect(verdict(["access": "destination"]).map { if case .road = $0 { true } else { false } } == true)
        #expect(RoadTagRules.classify(["highway": "proposed"]) == .skipped(.underConstruction))
        #expect(RoadTagRules.classify(["highway": "cycleway"]) == .skipped(.notDrivable))
        #expect(RoadTagRules.classify(["building": "yes"]) == nil)
    }

    @Test func circularJunctionsAreOneWayAndExplicitTagsWin() {
        func direction(_ tags: [String: String]) -> RoadDirection? {
            guard case .road(let road)? = RoadTagRules.classify(tags) else { return nil }
            return road.direction
        }
        #expect(direction(["highway": "tertiary", "junction": "circular"]) == .forward)
        #expect(direction(["highway": "tertiary", "junction": "roundabout", "oneway": "no"]) == .both)
        #expect(direction(["highway": "primary", "oneway": "true"]) == .forward)
        #expect(direction(["highway": "primary", "oneway": "1"]) == .forward)
        #expect(direction(["highway": "primary", "oneway": "reversible"]) == .both)
        #expect(direction(["highway": "motorway_link"]) == .both)
    }

    @Test func everyDrivableClassHasADefaultSpeed() {
        for highway in ["motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
                        "living_street", "service", "motorway_link", "trunk_link", "primary_link", "secondary_link",
                        "tertiary_link"] {
            #expect((RoadTagRules.defaultSpeedKmh[highway] ?? 0) > 0, "\(highway)")
        }
    }
}
