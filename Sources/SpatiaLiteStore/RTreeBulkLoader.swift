import Foundation
import GRDB
import Store

/// Builds an SQLite R*Tree in one pass by Sort-Tile-Recursive packing and
/// writes its node, parent and rowid shadow tables directly.
///
/// SQLite's R*Tree inserts one entry at a time through its virtual-table
/// interface at roughly 13 µs an entry on this hardware, whatever the order:
/// 13 s of a million-row import. Packing the tree costs a sort and one
/// sequential write instead. The result is an ordinary SQLite R*Tree, which
/// SQLite keeps maintaining on later inserts and deletes, and which
/// `rtreecheck()` verifies in the tests.
///
/// Format (sqlite/ext/rtree/rtree.c): a node blob is a 2-byte big-endian depth
/// (meaningful in the root, node 1), a 2-byte cell count, then cells of an
/// 8-byte big-endian rowid (or child node number) and 2 x dimensions 4-byte
/// big-endian floats. Leaves are at depth 0.
enum RTreeBulkLoader {
    struct Entry {
        var id: Int64
        var minX: Float
        var maxX: Float
        var minY: Float
        var maxY: Float

        var centerX: Float { (minX + maxX) / 2 }
        var centerY: Float { (minY + maxY) / 2 }

        static func union(of entries: ArraySlice<Entry>, id: Int64) -> Entry {
            var result = entries.first!
            result.id = id
            for entry in entries.dropFirst() {
                result.minX = min(result.minX, entry.minX)
                result.maxX = max(result.maxX, entry.maxX)
                result.minY = min(result.minY, entry.minY)
                result.maxY = max(result.maxY, entry.maxY)
            }
            return result
        }
    }

    /// Loads `entries` into the empty 2-D R*Tree `index` (just created, so its
    /// only node is the empty root).
    static func load(_ db: Database, index: String, entries input: [Entry]) throws {
        guard !input.isEmpty else { return }
        guard let nodeSize = try Int.fetchOne(db, sql: "SELECT length(data) FROM \"\(index)_node\" WHERE nodeno = 1") else {
            throw StoreError.database(location: index, message: "the spatial index has no root node")
        }
        let bytesPerCell = 8 + 4 * 4
        let capacity = (nodeSize - 4) / bytesPerCell

        var level = input
        var depth = 0
        var nextNode: Int64 = 2
        var nodes: [(number: Int64, cells: ArraySlice<Entry>, depth: Int)] = []
        // Leaves first, then each level above, until one node remains: the root.
        while true {
            let groups = tile(&level, capacity: capacity)
            let isRoot = groups.count == 1
            var parents: [Entry] = []
            parents.reserveCapacity(groups.count)
            for group in groups {
                let number = isRoot ? 1 : nextNode
                if !isRoot { nextNode += 1 }
                nodes.append((number, group, depth))
                parents.append(Entry.union(of: group, id: number))
            }
            if isRoot { break }
            level = parents
            depth += 1
        }

        try db.execute(sql: "DELETE FROM \"\(index)_node\"")
        let writeNode = try db.makeStatement(sql: "INSERT INTO \"\(index)_node\" (nodeno, data) VALUES (?, ?)")
        let writeParent = try db.makeStatement(sql: "INSERT INTO \"\(index)_parent\" (nodeno, parentnode) VALUES (?, ?)")
        let writeRowid = try db.makeStatement(sql: "INSERT INTO \"\(index)_rowid\" (rowid, nodeno) VALUES (?, ?)")
        var blob = [UInt8](repeating: 0, count: nodeSize)
        for node in nodes {
            for i in blob.indices { blob[i] = 0 }
            if node.number == 1 { put(UInt16(depth), into: &blob, at: 0) }
            put(UInt16(node.cells.count), into: &blob, at: 2)
            var offset = 4
            for cell in node.cells {
                put(UInt64(bitPattern: cell.id), into: &blob, at: offset)
                put(cell.minX.bitPattern, into: &blob, at: offset + 8)
                put(cell.maxX.bitPattern, into: &blob, at: offset + 12)
                put(cell.minY.bitPattern, into: &blob, at: offset + 16)
                put(cell.maxY.bitPattern, into: &blob, at: offset + 20)
                offset += bytesPerCell
                if node.depth == 0 {
                    try writeRowid.execute(arguments: [cell.id, node.number])
                } else {
                    try writeParent.execute(arguments: [cell.id, node.number])
                }
            }
            try writeNode.execute(arguments: [node.number, Data(blob)])
        }
    }

    /// Sort-Tile-Recursive grouping: vertical slices by x, then runs by y.
    /// Sorts in place through one buffer pointer: sorting slices of the array
    /// itself would copy the whole array once per slice.
    private static func tile(_ entries: inout [Entry], capacity: Int) -> [ArraySlice<Entry>] {
        let nodeCount = (entries.count + capacity - 1) / capacity
        let sliceCount = Int(Double(nodeCount).squareRoot().rounded(.up))
        let sliceSize = sliceCount * capacity
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(nodeCount)
        entries.withUnsafeMutableBufferPointer { buffer in
            buffer.sort { $0.centerX < $1.centerX }
            var sliceStart = 0
            while sliceStart < buffer.count {
                let sliceEnd = min(sliceStart + sliceSize, buffer.count)
                var slice = UnsafeMutableBufferPointer(rebasing: buffer[sliceStart..<sliceEnd])
                slice.sort { $0.centerY < $1.centerY }
                var start = sliceStart
                while start < sliceEnd {
                    let end = min(start + capacity, sliceEnd)
                    ranges.append(start..<end)
                    start = end
                }
                sliceStart = sliceEnd
            }
        }
        return ranges.map { entries[$0] }
    }

    private static func put<T: FixedWidthInteger>(_ value: T, into blob: inout [UInt8], at offset: Int) {
        var bigEndian = value.bigEndian
        withUnsafeBytes(of: &bigEndian) { bytes in
            for (i, byte) in bytes.enumerated() { blob[offset + i] = byte }
        }
    }

    /// SQLite's rtreeValueDown: the largest float not above `value`.
    static func floatDown(_ value: Double) -> Float {
        var f = Float(value)
        if Double(f) > value { f = Float(value * (value < 0 ? 1 + 1 / 8_388_608 : 1 - 1 / 8_388_608)) }
        return f
    }

    /// SQLite's rtreeValueUp: the smallest float not below `value`.
    static func floatUp(_ value: Double) -> Float {
        var f = Float(value)
        if Double(f) < value { f = Float(value * (value < 0 ? 1 - 1 / 8_388_608 : 1 + 1 / 8_388_608)) }
        return f
    }
}
