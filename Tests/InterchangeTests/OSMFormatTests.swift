import Foundation
import Store
import Testing
@testable import Interchange

/// The same extract as XML and as PBF (written by osmium in its several
/// encodings) gives the same network, and broken files are reported with
/// where they broke.
@Suite struct OSMFormatTests {
    /// osmium's PBF variants: DenseNodes and zlib (its default), plain
    /// Node messages, and uncompressed `raw` blobs.
    static let pbfVariants = ["pbf", "pbf,pbf_dense_nodes=false", "pbf,pbf_compression=none"]

    @Test(arguments: pbfVariants)
    func pbfGivesExactlyTheEdgesOfTheXML(_ format: String) throws {
        try OSMFixture.withFolder { folder in
            let xml = try OSMFixture.write(OSMFixture.xml, to: folder, as: "fixture.osm")
            let pbf = folder.appendingPathComponent("fixture.osm.pbf").path
            try OSMFixture.osmium(xml, to: pbf, format: format)
            let fromXML = try OSMFixture.extract(xml)
            let fromPBF = try OSMFixture.extract(pbf)
            try #require(fromXML.edges.count == 14)
            // RoadEdge is Hashable over every field: ids, nodes, geometry
            // (bit for bit), length, speed, direction, class, name, way.
            #expect(fromPBF.edges == fromXML.edges)
            var report = fromPBF.report
            report.file = fromXML.report.file
            #expect(report == fromXML.report)
        }
    }

    @Test func readersHandOverEveryElementInFileOrder() throws {
        try OSMFixture.withFolder { folder in
            let xml = try OSMFixture.write(OSMFixture.xml, to: folder, as: "fixture.osm")
            let pbf = folder.appendingPathComponent("fixture.osm.pbf").path
            try OSMFixture.osmium(xml, to: pbf)
            for path in [xml, pbf] {
                var nodes: [OSMNode] = []
                var ways: [OSMWay] = []
                var fractions: [Double] = []
                try OSMFile.open(path).read(nodes: { nodes.append($0) }, ways: { ways.append($0) },
                                            progress: { fractions.append($0) })
                #expect(nodes.map(\.id) == Array(1...24), "\(path)")
                #expect(nodes[1] == OSMNode(id: 2, latitudeNanodegrees: 39_700_000_000, longitudeNanodegrees: -104_980_000_000))
                #expect(ways.map(\.id) == Array(100...117), "\(path)")
                #expect(ways[0].nodeIDs == [1, 2, 3, 4])
                #expect(ways[0].tags == ["highway": "residential", "name": "Main & First"])
                #expect(fractions.last == 1, "\(path): \(fractions)")
            }
        }
    }

    @Test func decimalDegreesAreReadExactly() {
        #expect(OSMDecimal.nanodegrees("39.7392358") == 39_739_235_800)
        #expect(OSMDecimal.nanodegrees("-104.9903") == -104_990_300_000)
        #expect(OSMDecimal.nanodegrees("0") == 0)
        #expect(OSMDecimal.nanodegrees("+1.5") == 1_500_000_000)
        #expect(OSMDecimal.nanodegrees(".5") == 500_000_000)
        for bad in ["", "-", "1.2.3", "abc", "1e5", "12345"] {
            #expect(OSMDecimal.nanodegrees(bad) == nil, "\(bad)")
        }
    }

    // MARK: Broken files

    /// The 1-based line of the first line holding `needle`.
    static func line(of needle: String, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    func failure(_ text: String, name: String = "bad.osm") throws -> ImportError? {
        try OSMFixture.withFolder { folder in
            let path = try OSMFixture.write(text, to: folder, as: name)
            do {
                _ = try OSMFixture.extract(path)
                return nil
            } catch let error as ImportError {
                return error
            }
        }
    }

    @Test func aBadCoordinateNamesTheLineAndField() throws {
        let xml = OSMFixture.xml.replacingOccurrences(of: #"lat="39.6900000" lon="-104.9800000""#,
                                                      with: #"lat="north" lon="-104.9800000""#)
        let error = try #require(try failure(xml))
        #expect(error.file == "bad.osm")
        #expect(error.location == .line(Self.line(of: "north", in: xml)))
        #expect(error.field == "lat")
        #expect(error.description.contains("node 5"))
    }

    @Test func malformedXMLNamesTheLine() throws {
        let xml = OSMFixture.xml.replacingOccurrences(of: #"<node id="7" lat="39.7100000" lon="-104.9900000"/>"#,
                                                      with: #"<node id="7" lat="39.71" lon="-104.99" <oops/>"#)
        let error = try #require(try failure(xml))
        #expect(error.location == .line(Self.line(of: "oops", in: xml)), "\(error)")
        #expect(error.description.contains("malformed XML"), "\(error)")
    }

    @Test func aTruncatedXMLFileIsRefused() throws {
        let cut = String(OSMFixture.xml.prefix(while: { $0 != "w" }))
        let error = try #require(try failure(cut))
        #expect(error.description.contains("</osm>") || error.description.contains("malformed"), "\(error)")
    }

    @Test func otherXMLIsNotARoadNetwork() throws {
        let error = try #require(try failure("<?xml version=\"1.0\"?>\n<kml><Document/></kml>\n"))
        #expect(error.description.contains("<kml>"), "\(error)")
    }

    @Test func anUnknownExtensionIsRefusedNamingTheFile() throws {
        #expect(throws: ImportError.self) { try OSMFile.open("/tmp/roads.geojson") }
        do {
            _ = try OSMFile.open("/tmp/roads.geojson")
        } catch let error as ImportError {
            #expect(error.file == "roads.geojson")
            #expect(error.message.contains(".osm.pbf"))
        }
    }

    /// The fixture as PBF bytes, and where its OSMData blobs start
    /// (osmium writes nodes, ways and relations in blocks of their own).
    func pbf() throws -> (bytes: [UInt8], dataOffsets: [Int]) {
        try OSMFixture.withFolder { folder in
            let xml = try OSMFixture.write(OSMFixture.xml, to: folder, as: "fixture.osm")
            let pbf = folder.appendingPathComponent("fixture.osm.pbf").path
            try OSMFixture.osmium(xml, to: pbf)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: pbf)))
            // The block header starts 0x0A 0x07 "OSMData", after the 4-byte length.
            let marker: [UInt8] = [0x0A, 0x07] + Array("OSMData".utf8)
            let found = (0...(bytes.count - marker.count)).filter { Array(bytes[$0..<($0 + marker.count)]) == marker }
            try #require(found.count >= 2)
            return (bytes, found.map { $0 - 4 })
        }
    }

    func pbfFailure(_ bytes: [UInt8]) throws -> ImportError? {
        try OSMFixture.withFolder { folder in
            let path = folder.appendingPathComponent("bad.osm.pbf")
            try Data(bytes).write(to: path)
            do {
                _ = try OSMFixture.extract(path.path)
                return nil
            } catch let error as ImportError {
                return error
            }
        }
    }

    @Test func corruptCompressedDataNamesTheBlobOffset() throws {
        var (bytes, offsets) = try pbf()
        let offset = offsets[0]
        // Well inside the zlib stream of the data block.
        for i in (offset + 40)..<(offset + 60) { bytes[i] ^= 0x5A }
        let error = try #require(try pbfFailure(bytes))
        #expect(error.location == .byteOffset(offset), "\(error)")
        #expect(error.description.contains("blob at byte offset \(offset)"))
    }

    @Test func aTruncatedPBFNamesTheBlockItEndsIn() throws {
        let (bytes, offsets) = try pbf()
        let error = try #require(try pbfFailure(Array(bytes.prefix(bytes.count - 10))))
        let offset = try #require(offsets.last)
        #expect(error.location == .byteOffset(offset), "\(error)")
        #expect(error.message.contains("truncated"))
    }

    @Test func textNamedPBFIsRefused() throws {
        let error = try #require(try pbfFailure(Array(OSMFixture.xml.utf8)))
        #expect(error.location == .byteOffset(0), "\(error)")
        #expect(error.message.contains("not an OpenStreetMap PBF file"))
    }
}
