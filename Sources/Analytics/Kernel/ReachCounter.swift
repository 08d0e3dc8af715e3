/// How many calls lie within the kernel's reach of each cell: the number a
/// cell's density rests on, which decides suppression. Exact integers from
/// per-row prefix sums, one pass per row offset of the reach disc.
enum ReachCounter {
    static func count(_ counts: [Int32], columns: Int, rows: Int, stamp: KernelStamp) -> [Int32] {
        let radius = stamp.radius
        // For each row offset, the widest column offset still within reach.
        let halfWidths: [Int] = (-radius...radius).map { dy in
            (0...radius).last { dx in stamp.reaches(dx: dx, dy: dy) } ?? -1
        }
        var prefix = [Int32](repeating: 0, count: rows * (columns + 1))
        for row in 0..<rows {
            var running: Int32 = 0
            for column in 0..<columns {
                running += counts[row * columns + column]
                prefix[row * (columns + 1) + column + 1] = running
            }
        }
        var output = [Int32](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            for dy in -radius...radius {
                let source = row + dy
                let half = halfWidths[dy + radius]
                guard source >= 0, source < rows, half >= 0 else { continue }
                let base = source * (columns + 1)
                if prefix[base + columns] == 0 { continue }
                for column in 0..<columns {
                    let low = max(0, column - half), high = min(columns, column + half + 1)
                    output[row * columns + column] += prefix[base + high] - prefix[base + low]
                }
            }
        }
        return output
    }
}
