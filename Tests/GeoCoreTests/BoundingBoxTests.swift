import Testing
@testable import GeoCore

@Suite struct BoundingBoxTests {
    @Test func readsWestSouthEastNorth() {
        #expect(BoundingBox(text: "-105.1, 39.6,-104.8,39.8") == BoundingBox(west: -105.1, south: 39.6, east: -104.8, north: 39.8))
    }

    @Test(arguments: ["", "1,2,3", "1,2,3,4,5", "a,2,3,4", "-181,0,0,1", "0,-91,1,0", "2,0,1,1", "0,1,1,1", "0,0,1,"])
    func refusesWhatIsNotABox(_ text: String) {
        #expect(BoundingBox(text: text) == nil)
    }
}
