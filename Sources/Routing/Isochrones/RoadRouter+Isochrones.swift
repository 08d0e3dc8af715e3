import GeoCore

/// A drive-time area: everywhere a road point within `minutes` of the
/// nearest source lies, as a union of grid cells.
public struct Isochrone: Hashable, Sendable {
    public var minutes: Double
    /// A `.multiPolygon` in WGS84: exteriors counter-clockwise, holes
    /// clockwise, rings closed; empty when nothing is reached.
    public var geometry: Geometry
    /// Reached cells; times the square of the cell size gives the area.
    public var cellCount: Int
}

extension RoadRouter {
    /// Drive-time areas from multi-source times (`timesFromNearest`), one per
    /// threshold, in the order given.
    ///
    /// A cell of `cellSize` metres (in an equirectangular projection around
    /// the network's centre) counts as reached when some road point inside
    /// it is reached within the threshold, walking every edge and
    /// interpolating along edges reached only in part. Thresholds beyond the
    /// times' `maxSeconds` are cut to it, as nothing later is known.
    /// Deterministic: the same input gives the same rings, vertex for vertex.
    ///
    /// `offRoad` metres (rounded to whole cells) widen each band around the
    /// roads it reaches, at the time of the road point: the last stretch on
    /// foot or up a drive. 0 draws the roads' own cells only.
    public func isochrones(
        _ times: NodeTimes, minutes thresholds: [Double], cellSize: Double = 100, offRoad: Double = 0,
        maxCells: Int = 25_000_000
    ) throws(IsochroneError) -> [Isochrone] {
        guard cellSize.isFinite, cellSize > 0 else { throw .invalidCellSize(cellSize) }
        let limits = thresholds.map { min($0 * 60, times.maxSeconds) }
        let radius = offRoad.isFinite && offRoad > 0 ? Int((offRoad / cellSize).rounded()) : 0
        var grid = try ReachGrid(times: times, graph: graph, projection: projection, cellSize: cellSize,
                                 limit: limits.max() ?? -1, maxCells: maxCells, padding: radius)
        grid.spread(radius: radius)
        let tracer = CellBoundaryTracer(columns: grid.columns, rows: grid.rows)
        return zip(thresholds, limits).map { minutes, limit in
            let cellCount = grid.reachedCount(within: limit)
            let rings = tracer.rings { grid.seconds(column: $0, row: $1) <= limit }
            let polygons = PolygonAssembly.polygons(from: rings).map { rings in
                Polygon(rings: rings.map { ring in
                    let coordinates = ring.vertices.map { vertex in
                        projection.unproject(x: Double(grid.firstColumn + vertex.x) * cellSize,
                                             y: Double(grid.firstRow + vertex.y) * cellSize)
                    }
                    return coordinates + [coordinates[0]]
                })
            }
            return Isochrone(minutes: minutes, geometry: .multiPolygon(polygons), cellCount: cellCount)
        }
    }
}
