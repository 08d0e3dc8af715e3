import Testing
@testable import GeoCore

@Suite struct CoordinateTests {
    @Test func acceptsTheFullValidRange() throws {
        _ = try Coordinate(latitude: 90, longitude: 180)
        _ = try Coordinate(latitude: -90, longitude: -180)
    }

    @Test(arguments: [
        (91.0, 0.0, CoordinateAxis.latitude),
        (-90.5, 0.0, .latitude),
        (0.0, 180.01, .longitude),
        (0.0, -181, .longitude),
        (Double.nan, 0.0, .latitude),
        (0.0, Double.infinity, .longitude),
    ])
    func rejectsInvalidValues(latitude: Double, longitude: Double, axis: CoordinateAxis) {
        #expect(throws: CoordinateError.self) { try Coordinate(latitude: latitude, longitude: longitude) }
        do {
            _ = try Coordinate(latitude: latitude, longitude: longitude)
        } catch {
            #expect(error.axis == axis)
        }
    }
}
