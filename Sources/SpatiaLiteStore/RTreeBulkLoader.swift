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

    /// Loads `count` entries, arriving in order of their x centre, into the
    /// empty 2-D R*Tree `index` (just created, so its only node is the empty
    /// root). Leaves are packed one vertical slice at a time, so memory holds
    /// a slice of entries (about √n · capacity) and one entry per leaf, never
    /// the whole table.
    static func load(_ db: Database, index: String, count: Int, sortedByX entries: some Cursor<Entry>) throws {
        guard count > 0 else { return }
        guard let nodeSize = try Int.fetchOne(db, sql: "SELECT length(data) FROM \"\(index)_node\" WHERE nodeno = 1") else {
            throw StoreError.database(location: index, message: "the spatial index has no root node")
        }
        let capacity = (nodeSize - 4) / NodeWriter.bytesPerCell
        try db.execute(sql: "DELETE FROM \"\(index)_node\"")
        let writer = try NodeWriter(db, index: index, nodeSize: nodeSize)

        // The leaves: each slice of x-sorted entries is sorted by y and cut into nodes.
        let leafCount = (count + capacity - 1) / capacity
        let sliceSize = Int(Double(leafCount).squareRoot().rounded(.up)) * capacity
        var nextNode: Int64 = leafCount == 1 ? 1 : 2
        var level: [Entry] = []
        level.reserveCapacity(leafCount)
        var slice: [Entry] = []
        slice.reserveCapacity(sliceSize)
        var seen = 0
        func packSlice() throws {
            slice.sort { $0.centerY < $1.centerY }
            var start = 0
            while start < slice.count {
                let cells = slice[start..<min(start + capacity, slice.count)]
                try writer.write(node: nextNode, cells: cells, depth: 0, treeDepth: 0)
                level.append(Entry.union(of: cells, id: nextNode))
                nextNode += 1
                start += capacity
            }
            slice.removeAll(keepingCapacity: true)
        }
        while let entry = try entries.next() {
            slice.append(entry)
            seen += 1
            if slice.count == sliceSize { try packSlice() }
        }
        if !slice.isEmpty { try packSlice() }
        guard seen == count else {
            throw StoreError.database(location: index, message: "expected \(count) entries for the spatial index, read \(seen)")
        }

        // The levels above fit in memory (one entry per node below); the
        // last one made is the root, node 1.
        var depth = 0
        while level.count > 1 {
            depth += 1
            let groups = tile(&level, capacity: capacity)
            let isRoot = groups.count == 1
            var parents: [Entry] = []
            parents.reserveCapacity(groups.count)
            for group in groups {
                let number = isRoot ? 1 : nextNode
                if !isRoot { nextNode += 1 }
                try writer.write(node: number, cells: group, depth: depth, treeDepth: depth)
                parents.append(Entry.union(of: group, id: number))
            }
            level = parents
        }
    }

    /// Writes nodes into the R*Tree's shadow tables.
    private struct NodeWriter {
        static var bytesPerCell: Int { 8 + 4 * 4 }
        let writeNode: Statement
        let writeParent: Statement
        let writeRowid: Statement
        let nodeSize: Int

        init(_ db: Database, index: String, nodeSize: Int) throws {
            writeNode = try db.makeStatement(sql: "INSERT INTO \"\(index)_node\" (nodeno, data) VALUES (?, ?)")
            writeParent = try db.makeStatement(sql: "INSERT INTO \"\(index)_parent\" (nodeno, parentnode) VALUES (?, ?)")
            writeRowid = try db.makeStatement(sql: "INSERT INTO \"\(index)_rowid\" (rowid, nodeno) VALUES (?, ?)")
            self.nodeSize = nodeSize
        }

        /// One node; `treeDepth` is written in the root (node 1) only.
        func write(node number: Int64, cells: ArraySlice<Entry>, depth: Int, treeDepth: Int) throws {
            var blob = [UInt8](repeating: 0, count: nodeSize)
            if number == 1 { put(UInt16(treeDepth), into: &blob, at: 0) }
            put(UInt16(cells.count), into: &blob, at: 2)
            var offset = 4
            for cell in cells {
                put(UInt64(bitPattern: cell.id), into: &blob, at: offset)
                put(cell.minX.bitPattern, into: &blob, at: offset + 8)
                put(cell.maxX.bitPattern, into: &blob, at: offset + 12)
                put(cell.minY.bitPattern, into: &blob, at: offset + 16)
                put(cell.maxY.bitPattern, into: &blob, at: offset + 20)
                offset += Self.bytesPerCell
                if depth == 0 {
                    try writeRowid.execute(arguments: [cell.id, number])
                } else {
                    try writeParent.execute(arguments: [cell.id, number])
                }
            }
            try writeNode.execute(arguments: [number, Data(blob)])
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
