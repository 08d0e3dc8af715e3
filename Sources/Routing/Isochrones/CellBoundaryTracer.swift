/// Traces the outline of a set of grid cells into simple rings on the grid's
/// vertex lattice: counter-clockwise around reached regions, clockwise
/// around holes (x east, y north), as RFC 7946 asks of exteriors and holes.
///
/// Every cell side between a reached and an unreached cell becomes a
/// directed boundary edge with the reached cell on its left. Where two
/// reached cells touch only at a corner (a saddle vertex), the walk turns
/// left, so they are traced as separate rings touching at a point. A walk
/// that visits a saddle twice is cut there into simple rings, so no ring
/// ever touches itself; only the vertices where the outline turns are kept.
struct CellBoundaryTracer {
    /// A ring of lattice vertices (not repeated at the end); `area2` is twice
    /// its signed area: positive counter-clockwise.
    struct Ring {
        var vertices: [(x: Int, y: Int)]
        var area2: Int
    }

    private enum Direction: UInt8 {
        case east = 1, north = 2, west = 4, south = 8

        var step: (dx: Int, dy: Int) {
            switch self {
            case .east: (1, 0)
            case .north: (0, 1)
            case .west: (-1, 0)
            case .south: (0, -1)
            }
        }

        var left: Direction {
            switch self {
            case .east: .north
            case .north: .west
            case .west: .south
            case .south: .east
            }
        }

        static let all: [Direction] = [.east, .north, .west, .south]
    }

    let columns: Int
    let rows: Int

    /// The rings of the cells for which `reached(column, row)` holds, in a
    /// deterministic order (by the lowest, then leftmost, vertex of each walk).
    func rings(reached: (Int, Int) -> Bool) -> [Ring] {
        let width = columns + 1
        var outgoing = [UInt8](repeating: 0, count: width * (rows + 1))
        func isReached(_ column: Int, _ row: Int) -> Bool {
            column >= 0 && column < columns && row >= 0 && row < rows && reached(column, row)
        }
        for row in 0..<rows {
            for column in 0..<columns where reached(column, row) {
                if !isReached(column, row - 1) { outgoing[row * width + column] |= Direction.east.rawValue }
                if !isReached(column + 1, row) { outgoing[row * width + column + 1] |= Direction.north.rawValue }
                if !isReached(column, row + 1) { outgoing[(row + 1) * width + column + 1] |= Direction.west.rawValue }
                if !isReached(column - 1, row) { outgoing[(row + 1) * width + column] |= Direction.south.rawValue }
            }
        }
        let saddle = outgoing.map { $0.nonzeroBitCount == 2 }
        var rings = [Ring]()
        for start in outgoing.indices where outgoing[start] != 0 {
            var corners = [(x: Int, y: Int)]()
            var vertex = start
            var direction = Direction.all.first { outgoing[start] & $0.rawValue != 0 }!
            let firstDirection = direction
            var previous: Direction?
            while outgoing[vertex] & direction.rawValue != 0 {
                outgoing[vertex] &= ~direction.rawValue
                if direction != previous { corners.append((vertex % width, vertex / width)) }
                previous = direction
                let (dx, dy) = direction.step
                vertex += dy * width + dx
                if saddle[vertex] {
                    direction = direction.left
                } else if let next = Direction.all.first(where: { outgoing[vertex] & $0.rawValue != 0 }) {
                    direction = next
                }
            }
            // The walk ends back at the start; drop the start unless the outline turns there.
            if previous == firstDirection, corners.count > 1 { corners.removeFirst() }
            rings.append(contentsOf: Self.split(corners))
        }
        return rings
    }

    /// Cuts a closed walk into simple rings at each vertex it visits twice.
    private static func split(_ walk: [(x: Int, y: Int)]) -> [Ring] {
        var rings = [Ring]()
        var stack = [(x: Int, y: Int)]()
        var position = [Int: Int]()
        func key(_ v: (x: Int, y: Int)) -> Int { v.y &* 1_000_003 &+ v.x }
        for vertex in walk {
            if let earlier = position[key(vertex)] {
                let loop = Array(stack[earlier...])
                for v in stack[(earlier + 1)...] { position[key(v)] = nil }
                stack.removeSubrange((earlier + 1)...)
                rings.append(ring(loop))
            } else {
                position[key(vertex)] = stack.count
                stack.append(vertex)
            }
        }
        if stack.count >= 3 { rings.append(ring(stack)) }
        return rings
    }

    private static func ring(_ vertices: [(x: Int, y: Int)]) -> Ring {
        var area2 = 0
        for i in vertices.indices {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            area2 += a.x * b.y - b.x * a.y
        }
        return Ring(vertices: vertices, area2: area2)
    }
}
