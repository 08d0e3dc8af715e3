import Foundation

/// An OpenStreetMap node's position, in integer nanodegrees.
///
/// Both file formats are read to the same integers (PBF stores multiples of
/// its granularity, XML decimal degrees with up to seven places), and
/// `Coordinate`s are made from them by one formula, so the same extract gives
/// bit-identical coordinates whichever format it arrives in.
public struct OSMNode: Hashable, Sendable {
    public var id: Int64
    public var latitudeNanodegrees: Int64
    public var longitudeNanodegrees: Int64

    public init(id: Int64, latitudeNanodegrees: Int64, longitudeNanodegrees: Int64) {
        self.id = id
        self.latitudeNanodegrees = latitudeNanodegrees
        self.longitudeNanodegrees = longitudeNanodegrees
    }

    public var latitude: Double { Double(latitudeNanodegrees) / 1e9 }
    public var longitude: Double { Double(longitudeNanodegrees) / 1e9 }
}

/// An OpenStreetMap way: its node references in order, and its tags.
public struct OSMWay: Hashable, Sendable {
    public var id: Int64
    public var nodeIDs: [Int64]
    public var tags: [String: String]

    public init(id: Int64, nodeIDs: [Int64], tags: [String: String]) {
        self.id = id
        self.nodeIDs = nodeIDs
        self.tags = tags
    }
}

/// An OpenStreetMap file read start to end, one element at a time, never
/// held whole: extracts of a state run to gigabytes.
public protocol OSMElementSource {
    /// The file's name, for messages.
    var name: String { get }

    /// Reads the file once, calling `nodes` for every node and `ways` for
    /// every way, in file order. A nil handler tells the reader it may skip
    /// decoding that kind altogether (PBF blocks of it are not even decoded).
    /// `progress` receives the fraction of the file read so far.
    /// Relations are skipped. Errors are `ImportError`s naming the file and
    /// the line (XML) or blob offset (PBF).
    func read(
        nodes: ((OSMNode) throws -> Void)?,
        ways: ((OSMWay) throws -> Void)?,
        progress: ((Double) -> Void)?
    ) throws
}

/// Opens an OpenStreetMap file by its name: `.osm` (XML) or `.osm.pbf`.
public enum OSMFile {
    public static func open(_ path: String) throws -> any OSMElementSource {
        let lower = path.lowercased()
        let name = (path as NSString).lastPathComponent
        if lower.hasSuffix(".osm.pbf") {
            return try OSMPBFReader(path: path)
        }
        if lower.hasSuffix(".osm") {
            return try OSMXMLReader(path: path)
        }
        throw ImportError(
            file: name, message: "cannot tell the format from the name; road networks are OpenStreetMap .osm (XML) or .osm.pbf files")
    }

    /// Fails with a message naming the file when it cannot be opened.
    static func size(of path: String) throws -> Int {
        let name = (path as NSString).lastPathComponent
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType != .typeDirectory else {
                throw ImportError(file: name, message: "is a folder, not an OpenStreetMap file")
            }
            return (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(file: path, message: "cannot read the file (\((error as NSError).localizedDescription))")
        }
    }
}
