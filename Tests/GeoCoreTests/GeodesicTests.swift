import Testing
@testable import GeoCore

@Suite struct GeodesicTests {
    let geodesic = Geodesic.wgs84

    @Test func quarterMeridianMatchesTheWGS84Constant() throws {
        // Equator to pole along a meridian: 10,001,965.729 m on WGS84.
        let distance = geodesic.distance(
            from: try Coordinate(latitude: 0, longitude: 10), to: try Coordinate(latitude: 90, longitude: 10))
        #expect(abs(distance - 10_001_965.729) < 0.001)
    }

    @Test func oneDegreeAlongTheEquatorIsTheArcOfTheEquatorialRadius() throws {
        let distance = geodesic.distance(
            from: try Coordinate(latitude: 0, longitude: 0), to: try Coordinate(latitude: 0, longitude: 1))
        let expected = 2 * Double.pi * 6_378_137 / 360
        #expect(abs(distance - expected) < 1e-6)
    }

    @Test func distanceIsSymmetricAndZeroForAPoint() throws {
        let denver = try Coordinate(latitude: 39.7392, longitude: -104.9903)
        let anchorage = try Coordinate(latitude: 61.2181, longitude: -149.9003)
        #expect(geodesic.distance(from: denver, to: denver) == 0)
        let there = geodesic.distance(from: denver, to: anchorage)
        let back = geodesic.distance(from: anchorage, to: denver)
        #expect(abs(there - back) < 1e-6)
        // Great-circle estimate is ~3,850 km; the ellipsoid changes it by well under 1%.
        #expect((3_800_000...3_900_000).contains(there))
    }

    @Test func destinationInvertsInverse() throws {
        let start = try Coordinate(latitude: 64.8378, longitude: -147.7164)
        let end = geodesic.destination(from: start, azimuth: 37, distance: 150_000)
        let (distance, azimuth) = geodesic.inverse(from: start, to: end)
        #expect(abs(distance - 150_000) < 1e-6)
        #expect(abs(azimuth - 37) < 1e-9)
    }
}

@Suite struct CoordinateTransformTests {
    @Test func utmCentralMeridianMapsToItsLongitude() throws {
        // UTM zone 13N's central meridian is 105° W; false easting 500,000 m.
        let transform = try CoordinateTransform(from: "EPSG:32613", to: "EPSG:4326")
        let coordinate = try transform.coordinate(x: 500_000, y: 4_400_000)
        #expect(abs(coordinate.longitude - -105) < 1e-9)
        #expect((39.7...39.8).contains(coordinate.latitude))
    }

    @Test func statePlaneFeetRoundTrip() throws {
        // NAD83 / Colorado Central (ftUS): how Denver-area call data often arrives.
        let toPlane = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:2232")
        let toWGS84 = try CoordinateTransform(from: "EPSG:2232", to: "EPSG:4326")
        let (x, y) = try toPlane.apply(x: -105.0002, y: 39.7527)
        // Denver is a few million feet east of the zone's false origin.
        #expect((3_000_000...3_300_000).contains(x))
        #expect((1_600_000...1_800_000).contains(y))
        let back = try toWGS84.coordinate(x: x, y: y)
        #expect(abs(back.longitude - -105.0002) < 1e-8)
        #expect(abs(back.latitude - 39.7527) < 1e-8)
    }

    @Test func batchTransformMatchesSingleTransforms() throws {
        let transform = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:32613")
        var xs = [-105.0, -104.9, -104.8]
        var ys = [39.7, 39.75, 39.8]
        let singles = try zip(xs, ys).map { try transform.apply(x: $0, y: $1) }
        transform.apply(xs: &xs, ys: &ys)
        for (i, single) in singles.enumerated() {
            #expect(abs(xs[i] - single.x) < 1e-9)
            #expect(abs(ys[i] - single.y) < 1e-9)
        }
    }

    @Test func unknownCRSIsAClearError() {
        #expect {
            _ = try CoordinateTransform(from: "EPSG:999999", to: "EPSG:4326")
        } throws: { error in
            guard case CRSError.unknownCRS(let code, _) = error else { return false }
            return code == "EPSG:999999" && "\(error)".contains("EPSG:999999")
        }
    }

    @Test func utmZoneForDenverIs13North() throws {
        let zone = UTMZone(containing: try Coordinate(latitude: 39.74, longitude: -104.99))
        #expect(zone.number == 13)
        #expect(zone.isNorthern)
        #expect(zone.epsg == "EPSG:32613")
        #expect(UTMZone(containing: try Coordinate(latitude: -33.9, longitude: 18.4)).epsg == "EPSG:32734")
    }
}

@Suite struct GeometryGeoJSONTests {
    @Test func polygonRoundTripsThroughGeoJSON() throws {
        let text = #"{"type":"Polygon","coordinates":[[[-105,39.7],[-104.9,39.7],[-104.9,39.8],[-105,39.7]]]}"#
        let geometry = try Geometry(geoJSONText: text)
        #expect(geometry.polygons.count == 1)
        #expect(try Geometry(geoJSONText: geometry.geoJSONText()) == geometry)
    }

    @Test func unclosedRingsAndBadPositionsAreRejected() {
        #expect(throws: GeoJSONGeometryError.unclosedRing(ring: 0)) {
            try Geometry(geoJSONObject: ["type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]]])
        }
        #expect(throws: GeoJSONGeometryError.self) {
            try Geometry(geoJSONObject: ["type": "Point", "coordinates": [200.0, 0.0]])
        }
        #expect(throws: GeoJSONGeometryError.unsupportedType("LineString")) {
            try Geometry(geoJSONObject: ["type": "LineString", "coordinates": [[0.0, 0.0], [1.0, 1.0]]])
        }
    }
}
