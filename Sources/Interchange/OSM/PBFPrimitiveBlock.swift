/// The nodes and ways of one `OSMData` block (osmformat.proto's
/// PrimitiveBlock), decoded from its uncompressed bytes.
struct PBFPrimitiveBlock: Sendable {
    var nodes: [OSMNode] = []
    var ways: [OSMWay] = []

    /// What to decode: a pass that needs no nodes never expands DenseNodes,
    /// the bulk of any extract, and a node pass skips ways.
    struct Wanted: Sendable {
        var nodes: Bool
        var ways: Bool
    }

    init(bytes: [UInt8], wanted: Wanted) throws(ProtobufError) {
        // Scalars (granularity 17, offsets 19 and 20) follow the groups (2)
        // in field order, so the block is scanned once before groups are read.
        var reader = ProtobufReader(bytes)
        var strings: [Range<Int>] = []
        var groups: [Range<Int>] = []
        var coordinates = Scale()
        while let field = try reader.nextField() {
            switch (field.number, field.type) {
            case (1, .lengthDelimited):
                var table = try reader.message()
                while let entry = try table.nextField() {
                    if entry.number == 1, entry.type == .lengthDelimited {
                        strings.append(try table.lengthDelimited())
                    } else {
                        try table.skip(entry.type)
                    }
                }
            case (2, .lengthDelimited): groups.append(try reader.lengthDelimited())
            case (17, .varint): coordinates.granularity = try reader.int64()
            case (19, .varint): coordinates.latitudeOffset = try reader.int64()
            case (20, .varint): coordinates.longitudeOffset = try reader.int64()
            default: try reader.skip(field.type)
            }
        }
        var table = StringTable(bytes: bytes, ranges: strings)
        for group in groups {
            var reader = ProtobufReader(bytes, range: group)
            while let field = try reader.nextField() {
                switch (field.number, field.type) {
                case (1, .lengthDelimited) where wanted.nodes:
                    nodes.append(try Self.node(try reader.message(), scale: coordinates))
                case (2, .lengthDelimited) where wanted.nodes:
                    try Self.denseNodes(try reader.message(), scale: coordinates, into: &nodes)
                case (3, .lengthDelimited) where wanted.ways:
                    ways.append(try Self.way(try reader.message(), strings: &table))
                default:
                    try reader.skip(field.type)
                }
            }
        }
    }

    /// Block coordinates are multiples of `granularity` nanodegrees from an offset.
    private struct Scale {
        var granularity: Int64 = 100
        var latitudeOffset: Int64 = 0
        var longitudeOffset: Int64 = 0

        func node(id: Int64, latitude: Int64, longitude: Int64) -> OSMNode {
            OSMNode(id: id, latitudeNanodegrees: latitudeOffset &+ granularity &* latitude,
                    longitudeNanodegrees: longitudeOffset &+ granularity &* longitude)
        }
    }

    private static func node(_ message: ProtobufReader, scale: Scale) throws(ProtobufError) -> OSMNode {
        var reader = message
        var id: Int64?
        var latitude: Int64?
        var longitude: Int64?
        while let field = try reader.nextField() {
            switch (field.number, field.type) {
            case (1, .varint): id = try reader.sint64()
            case (8, .varint): latitude = try reader.sint64()
            case (9, .varint): longitude = try reader.sint64()
            default: try reader.skip(field.type)
            }
        }
        guard let id, let latitude, let longitude else {
            throw ProtobufError(offset: message.offset, message: "a node lacks its id, lat or lon")
        }
        return scale.node(id: id, latitude: latitude, longitude: longitude)
    }

    /// Columns of delta-coded ids, latitudes and longitudes; tags (keys_vals)
    /// are not needed for roads and are skipped.
    private static func denseNodes(
        _ message: ProtobufReader, scale: Scale, into nodes: inout [OSMNode]
    ) throws(ProtobufError) {
        var reader = message
        var ids: [Int64] = []
        var latitudes: [Int64] = []
        var longitudes: [Int64] = []
        while let field = try reader.nextField() {
            switch field.number {
            case 1: try reader.repeatedDeltas(field.type, into: &ids)
            case 8: try reader.repeatedDeltas(field.type, into: &latitudes)
            case 9: try reader.repeatedDeltas(field.type, into: &longitudes)
            default: try reader.skip(field.type)
            }
        }
        guard ids.count == latitudes.count, ids.count == longitudes.count else {
            throw ProtobufError(
                offset: message.offset,
                message: "dense nodes give \(ids.count) ids but \(latitudes.count) latitudes and \(longitudes.count) longitudes")
        }
        nodes.reserveCapacity(nodes.count + ids.count)
        for i in ids.indices {
            nodes.append(scale.node(id: ids[i], latitude: latitudes[i], longitude: longitudes[i]))
        }
    }

    private static func way(_ message: ProtobufReader, strings: inout StringTable) throws(ProtobufError) -> OSMWay {
        var reader = message
        var id: Int64?
        var keys: [Int] = []
        var values: [Int] = []
        var refs: [Int64] = []
        while let field = try reader.nextField() {
            switch field.number {
            case 1 where field.type == .varint: id = try reader.int64()
            case 2: try reader.repeated(field.type, into: &keys) { Int(truncatingIfNeeded: $0) }
            case 3: try reader.repeated(field.type, into: &values) { Int(truncatingIfNeeded: $0) }
            case 8: try reader.repeatedDeltas(field.type, into: &refs)
            default: try reader.skip(field.type)
            }
        }
        guard let id else { throw ProtobufError(offset: message.offset, message: "a way lacks its id") }
        guard keys.count == values.count else {
            throw ProtobufError(offset: message.offset, message: "way \(id) has \(keys.count) tag keys but \(values.count) values")
        }
        var tags: [String: String] = [:]
        tags.reserveCapacity(keys.count)
        for (key, value) in zip(keys, values) {
            guard let keyText = strings[key], let valueText = strings[value] else {
                throw ProtobufError(offset: message.offset, message: "way \(id) names a string the block's table does not hold")
            }
            tags[keyText] = valueText
        }
        return OSMWay(id: id, nodeIDs: refs, tags: tags)
    }
}

/// A block's string table, decoded to `String`s only when first used: most
/// strings in a block (user names, node tags) are never looked at.
private struct StringTable {
    let bytes: [UInt8]
    let ranges: [Range<Int>]
    private var decoded: [String?]

    init(bytes: [UInt8], ranges: [Range<Int>]) {
        self.bytes = bytes
        self.ranges = ranges
        decoded = Array(repeating: nil, count: ranges.count)
    }

    subscript(index: Int) -> String? {
        mutating get {
            guard ranges.indices.contains(index) else { return nil }
            if let known = decoded[index] { return known }
            let text = String(decoding: bytes[ranges[index]], as: UTF8.self)
            decoded[index] = text
            return text
        }
    }
}
