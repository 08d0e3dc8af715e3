import Foundation
import GeoCore
import Store

/// Where to open k new crisis facilities so that the most calls not yet
/// within reach of one are: calls are gathered in 250 m cells (the demand
/// points, weighted by their calls), a cell is covered when its centre is
/// within the time of an existing or new site, and `SiteSelection` picks the
/// sites greedily.
public enum SiteSuggestion {
    public enum Candidates: Sendable {
        /// Each area's centroid.
        case areaCentroids
        /// A square grid over the calls' extent, this many metres apart.
        case grid(spacing: Double)
        /// Given points.
        case points([Coordinate])
    }

    public struct Site: Sendable {
        public var location: Coordinate
        public var newlyCovered: Int
    }

    public struct Result: Sendable {
        public var sites: [Site]
        public var candidates: Int
        public var totalCalls: Int
        public var coveredBefore: Int
        public var coveredAfter: Int
        public var reachMetres: Double
    }

    public static func run(
        k: Int, seconds: Double, candidates: Candidates, inputs: PlanningInputs, settings: PlanningSettings, cell: Double = 250
    ) throws -> Result {
        let projection = try PlanningProjection(areas: inputs.areas, calls: inputs.calls)
        let reach = distance(within: seconds, settings.travelTime)
        let (callX, callY) = projection.project(lats: inputs.calls.latitudes, lons: inputs.calls.longitudes)

        // Demand points: occupied cells, weighted by their calls.
        var cellOf: [Int64: Int] = [:]
        var demandX: [Double] = [], demandY: [Double] = [], weights: [Double] = []
        // Calls that did not project onto the zone (another continent) are left out, not trapped on.
        for index in callX.indices where abs(callX[index]) < 1e8 && abs(callY[index]) < 1e8 {
            let column = Int64((callX[index] / cell).rounded(.down)), row = Int64((callY[index] / cell).rounded(.down))
            let key = column &* 4_000_000 &+ row
            if let slot = cellOf[key] {
                weights[slot] += 1
            } else {
                cellOf[key] = weights.count
                demandX.append((Double(column) + 0.5) * cell)
                demandY.append((Double(row) + 0.5) * cell)
                weights.append(1)
            }
        }
        let demand = PlanarIndex(xs: demandX, ys: demandY, cell: max(reach / 2, cell))
        var covered = [Bool](repeating: false, count: weights.count)
        let (facilityX, facilityY) = projection.project(inputs.facilities)
        for j in facilityX.indices {
            for point in demand.within(reach, x: facilityX[j], y: facilityY[j]) { covered[Int(point)] = true }
        }

        let (candidateX, candidateY, candidateLocations) = try place(candidates, inputs: inputs, projection: projection,
                                                                     demandX: demandX, demandY: demandY)
        let reachLists = candidateX.indices.map { demand.within(reach, x: candidateX[$0], y: candidateY[$0]) }
        let chosen = SiteSelection.greedy(k: k, weights: weights, covered: covered, reach: reachLists)
        return Result(
            sites: chosen.choices.map { Site(location: candidateLocations[$0.candidate], newlyCovered: Int($0.gain.rounded())) },
            candidates: candidateX.count, totalCalls: Int(chosen.total.rounded()),
            coveredBefore: Int(chosen.coveredBefore.rounded()), coveredAfter: Int(chosen.coveredAfter.rounded()), reachMetres: reach)
    }

    public struct SuggestionError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// The longest straight-line distance whose travel time is within `seconds` (the model is monotone).
    static func distance(within seconds: Double, _ travelTime: (Double) -> Double) -> Double {
        var low = 0.0, high = 1_000.0
        while travelTime(high) <= seconds, high < 1e8 { high *= 2 }
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if travelTime(middle) <= seconds { low = middle } else { high = middle }
        }
        return low
    }

    private static func place(
        _ candidates: Candidates, inputs: PlanningInputs, projection: PlanningProjection, demandX: [Double], demandY: [Double]
    ) throws -> ([Double], [Double], [Coordinate]) {
        let inverse = try CoordinateTransform(from: projection.crs, to: "EPSG:4326")
        func located(_ xs: [Double], _ ys: [Double]) -> ([Double], [Double], [Coordinate]) {
            var lons = xs, lats = ys
            inverse.apply(xs: &lons, ys: &lats)
            return (xs, ys, zip(lats, lons).map { Coordinate(uncheckedLatitude: $0, longitude: $1) })
        }
        switch candidates {
        case .areaCentroids:
            let centroids = inputs.areas.sorted { $0.id < $1.id }.map { projection.centroid(of: $0) }
            return located(centroids.map(\.x), centroids.map(\.y))
        case .grid(let spacing):
            guard let minX = demandX.min(), let maxX = demandX.max(), let minY = demandY.min(), let maxY = demandY.max() else {
                return ([], [], [])
            }
            let count = ((maxX - minX) / spacing + 1) * ((maxY - minY) / spacing + 1)
            guard count <= 100_000 else {
                throw SuggestionError(message: "a grid of \(Int(count)) candidates is too many; use a larger spacing (at most 100,000 candidates)")
            }
            var xs: [Double] = [], ys: [Double] = []
            var y = minY
            while y <= maxY {
                var x = minX
                while x <= maxX {
                    xs.append(x)
                    ys.append(y)
                    x += spacing
                }
                y += spacing
            }
            return located(xs, ys)
        case .points(let points):
            let (xs, ys) = projection.project(points)
            return (xs, ys, points)
        }
    }
}
