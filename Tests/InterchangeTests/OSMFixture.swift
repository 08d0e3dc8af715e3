import Foundation
import Testing
@testable import Interchange
import TestSupport

/// A hand-made extract near Denver with one case of each rule, and the
/// folder and `osmium` conversions the OSM tests share.
///
///     8 ---- 10         way 102 (oneway=yes, 25 mph) runs 3 -> 7 -> 8,
///     |                  way 103 (oneway=-1) is drawn 8 -> 9 -> 10
///     7    6             way 101 (secondary, maxspeed 50) crosses
///     |    |             way 100 (Main Street) at node 2
///     3 -- 2 -- 1
///     |    |
///     4    5             4 -> 15 -> 11 leads to the roundabout 11-12-13-14
enum OSMFixture {
    static let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="crisismap tests">
          <bounds minlat="39.6" minlon="-105.1" maxlat="39.8" maxlon="-104.8"/>
          <node id="1" lat="39.7000000" lon="-104.9700000"/>
          <node id="2" lat="39.7000000" lon="-104.9800000">
            <tag k="highway" v="traffic_signals"/>
          </node>
          <node id="3" lat="39.7000000" lon="-104.9900000"/>
          <node id="4" lat="39.6900000" lon="-104.9900000"/>
          <node id="5" lat="39.6900000" lon="-104.9800000"/>
          <node id="6" lat="39.7100000" lon="-104.9800000"/>
          <node id="7" lat="39.7100000" lon="-104.9900000"/>
          <node id="8" lat="39.7200000" lon="-104.9900000"/>
          <node id="9" lat="39.7200000" lon="-104.9850000"/>
          <node id="10" lat="39.7200000" lon="-104.9800000"/>
          <node id="11" lat="39.6800000" lon="-104.9900000"/>
          <node id="12" lat="39.6790000" lon="-104.9890000"/>
          <node id="13" lat="39.6780000" lon="-104.9900000"/>
          <node id="14" lat="39.6790000" lon="-104.9910000"/>
          <node id="15" lat="39.6850000" lon="-104.9900000"/>
          <node id="16" lat="39.6700000" lon="-104.9900000"/>
          <node id="17" lat="39.6500000" lon="-105.0500000"/>
          <node id="18" lat="39.6600000" lon="-105.0500000"/>
          <node id="19" lat="39.6700000" lon="-105.0500000"/>
          <node id="20" lat="39.7300000" lon="-104.9700000"/>
          <node id="21" lat="39.7400000" lon="-104.9700000"/>
          <node id="22" lat="39.7050000" lon="-104.9750000"/>
          <node id="23" lat="39.6950000" lon="-104.9750000"/>
          <node id="24" lat="39.7100000" lon="-104.9950000"/>
          <way id="100">
            <nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/>
            <tag k="highway" v="residential"/><tag k="name" v="Main &amp; First"/>
          </way>
          <way id="101">
            <nd ref="5"/><nd ref="2"/><nd ref="6"/>
            <tag k="highway" v="secondary"/><tag k="maxspeed" v="50"/>
          </way>
          <way id="102">
            <nd ref="3"/><nd ref="7"/><nd ref="8"/>
            <tag k="highway" v="tertiary"/><tag k="oneway" v="yes"/><tag k="maxspeed" v="25 mph"/>
          </way>
          <way id="103">
            <nd ref="8"/><nd ref="9"/><nd ref="10"/>
            <tag k="highway" v="residential"/><tag k="oneway" v="-1"/>
          </way>
          <way id="104">
            <nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/>
            <tag k="highway" v="primary"/><tag k="junction" v="roundabout"/>
          </way>
          <way id="105">
            <nd ref="4"/><nd ref="15"/><nd ref="11"/>
            <tag k="highway" v="unclassified"/><tag k="maxspeed" v="40 km/h"/>
          </way>
          <way id="106">
            <nd ref="13"/><nd ref="16"/>
            <tag k="highway" v="service"/>
          </way>
          <way id="107">
            <nd ref="17"/><nd ref="18"/>
            <tag k="highway" v="motorway"/>
          </way>
          <way id="108">
            <nd ref="18"/><nd ref="19"/>
            <tag k="highway" v="motorway"/><tag k="oneway" v="no"/>
          </way>
          <way id="109">
            <nd ref="1"/><nd ref="20"/>
            <tag k="highway" v="residential"/><tag k="access" v="private"/>
          </way>
          <way id="110">
            <nd ref="20"/><nd ref="21"/>
            <tag k="highway" v="service"/><tag k="access" v="private"/><tag k="motor_vehicle" v="yes"/>
          </way>
          <way id="111">
            <nd ref="2"/><nd ref="22"/>
            <tag k="highway" v="footway"/>
          </way>
          <way id="112">
            <nd ref="6"/><nd ref="999"/>
            <tag k="highway" v="residential"/>
          </way>
          <way id="113">
            <nd ref="17"/><nd ref="19"/><nd ref="18"/><nd ref="17"/>
            <tag k="highway" v="service"/><tag k="area" v="yes"/>
          </way>
          <way id="114">
            <nd ref="5"/><nd ref="23"/>
            <tag k="highway" v="construction"/><tag k="construction" v="residential"/>
          </way>
          <way id="115">
            <nd ref="23"/><nd ref="23"/>
            <tag k="highway" v="residential"/>
          </way>
          <way id="116">
            <nd ref="7"/><nd ref="24"/>
            <tag k="highway" v="tertiary"/><tag k="motor_vehicle" v="no"/>
          </way>
          <way id="117">
            <nd ref="22"/><nd ref="23"/>
            <tag k="building" v="yes"/>
          </way>
          <relation id="500">
            <member type="way" ref="100" role=""/>
            <tag k="type" v="route"/><tag k="highway" v="footway"/>
          </relation>
        </osm>

        """

    /// A fresh folder, removed when `body` returns.
    static func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = try TemporaryFolder.make("osm")
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    @discardableResult
    static func write(_ text: String, to folder: URL, as name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Converts with Debian's osmium-tool (`Tools/install-deps.sh` installs
    /// it): the PBF the tests read is written by a real PBF writer, not by us.
    static func osmium(_ input: String, to output: String, format: String? = nil) throws {
        let osmium = "/usr/bin/osmium"
        try #require(FileManager.default.isExecutableFile(atPath: osmium), "osmium-tool is needed: run Tools/install-deps.sh")
        try ChildProcess.output(osmium, ["cat", input, "-o", output, "--overwrite"] + (format.map { ["-f", $0] } ?? []))
    }

    static func extract(_ path: String) throws -> RoadExtraction {
        try RoadExtractor().extract(from: try OSMFile.open(path))
    }
}
