import Contract
import Foundation

/// The kinds of record a file can hold, as users name them on the command line.
public enum RecordKind: String, CaseIterable, Sendable {
    case facilities
    case teams
    case calls
    case areas
}

/// Source and export formats.
public enum FileFormat: String, CaseIterable, Sendable {
    case geojson
    case csv
    /// An Open Referral HSDS 3.0 directory of CSV tables, or a .zip of one (facilities only).
    case hsds

    /// The format a path implies, if any: a folder or a .zip is HSDS.
    public init?(path: String) {
        let lower = path.lowercased()
        var isFolder: ObjCBool = false
        if lower.hasSuffix(".zip") || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) {
            self = .hsds
        } else if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
            self = .geojson
        } else if lower.hasSuffix(".csv") {
            self = .csv
        } else {
            return nil
        }
    }
}

/// How to read a file's coordinates.
public struct ImportOptions: Sendable {
    public var format: FileFormat?
    /// CSV columns holding x (easting or longitude) and y (northing or latitude).
    public var xColumn: String
    public var yColumn: String
    /// The CRS of the CSV coordinates, e.g. `EPSG:3452`; WGS84 when nil.
    public var crs: String?
    /// HSDS: the IANA zone of locations whose schedules do not name one.
    public var timeZone: String?
    /// HSDS: the date schedule rows' validity windows are judged on.
    public var referenceDate: Date
    /// How far ahead of this machine's clock a row's `fix_at`, `received_at`
    /// or `availability_updated_at` may be before the file is refused.
    public var clockSkew: ClockSkew

    public init(
        format: FileFormat? = nil, xColumn: String = "lon", yColumn: String = "lat", crs: String? = nil,
        timeZone: String? = nil, referenceDate: Date = Date(), clockSkew: ClockSkew = ClockSkew()
    ) {
        self.clockSkew = clockSkew
        self.format = format
        self.xColumn = xColumn
        self.yColumn = yColumn
        self.crs = crs
        self.timeZone = timeZone
        self.referenceDate = referenceDate
    }
}

/// What an import did.
public struct ImportReport: Sendable {
    public var kind: RecordKind
    public var file: String
    public var rows: Int
    public var inserted: Int
    public var updated: Int
    /// What the source held that could not be used, but did not stop the import.
    public var warnings: [ImportWarning] = []
}

/// Progress of an import, for a terminal progress line.
public enum ImportProgress: Sendable {
    /// Reading and checking the file: fraction of its bytes, rows so far.
    case reading(fraction: Double, rows: Int)
    /// Writing checked rows to the store.
    case writing(done: Int, total: Int)
    /// Rebuilding the spatial index after a bulk load.
    case indexing(total: Int)
}
