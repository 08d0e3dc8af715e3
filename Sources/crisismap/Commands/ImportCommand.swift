import ArgumentParser
import Contract
import Foundation
import Interchange
import Store

extension RecordKind: ExpressibleByArgument {}
extension FileFormat: ExpressibleByArgument {}

/// What `import` loads: a kind of record, or the road network (which is
/// replaced as a whole rather than upserted, so it is no `RecordKind`).
enum ImportKind: String, CaseIterable, ExpressibleByArgument {
    case facilities, teams, calls, areas, roads

    var recordKind: RecordKind? { RecordKind(rawValue: rawValue) }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load facilities, teams, calls or areas from GeoJSON or CSV, or roads from OpenStreetMap.",
        discussion: """
            Records are upserted by `id`: new ids are added, known ids replaced, so running \
            the same import twice changes nothing. The whole file is one transaction: on any \
            error nothing is written, the exit status is 65, and the message names the file, \
            the line (CSV) or feature index (GeoJSON) and the field.

            CSV files have a header row and lists separated by `|`. Coordinates come from \
            `lat`/`lon` columns, or from --x-column/--y-column in the CRS given by --crs. \
            Area CSV files carry a `geometry` column holding a GeoJSON Polygon or MultiPolygon.

            Facilities can also come from an Open Referral HSDS 3.0 directory (a folder of \
            CSV tables, or a .zip of one): each location offering a service becomes a \
            facility; kind, services and intake come from taxonomy terms, hours from \
            schedules. What cannot be used is reported as a warning, never dropped silently.

            Roads come from an OpenStreetMap extract, .osm (XML) or .osm.pbf, and replace the \
            store's road network as a whole (one transaction: a bad file leaves the old roads). \
            Drivable highways are cut into edges at junctions; what was left out is counted \
            per reason (not drivable, access restricted, missing nodes...).

            Examples:
              crisismap import facilities GeoData/facilities.geojson
              crisismap import calls cad.csv --x-column x --y-column y --crs EPSG:2232
              crisismap import facilities GeoData/hsds --timezone America/Denver
              crisismap import roads colorado-latest.osm.pbf
            """
    )

    @Argument(help: "What the file holds: facilities, teams, calls, areas or roads.")
    var kind: ImportKind

    @Argument(help: "A .geojson or .csv file, an HSDS folder or .zip (facilities), or .osm / .osm.pbf (roads).")
    var file: String

    @Option(help: "The file's format when its name does not say (geojson, csv or hsds).")
    var format: FileFormat?

    @Option(name: .customLong("x-column"), help: "CSV column with x (easting or longitude).")
    var xColumn = "lon"

    @Option(name: .customLong("y-column"), help: "CSV column with y (northing or latitude).")
    var yColumn = "lat"

    @Option(help: "CRS of the CSV coordinates, e.g. EPSG:3452 (default EPSG:4326, WGS84 degrees).")
    var crs: String?

    @Option(help: ArgumentHelp(
        "HSDS: IANA time zone of locations whose schedules name none (e.g. America/Denver).", valueName: "zone"))
    var timezone: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(name: .customLong("max-clock-skew"), help: ArgumentHelp(
        "How far ahead of this machine's clock a row's fix_at, received_at or availability_updated_at may be (e.g. 2m).",
        discussion: "A row beyond it stops the import (exit 65) naming its file, line and field: a time from a wrong clock would pin a team or a call in the future.",
        valueName: "span"))
    var maxClockSkew = TimeSpan(argument: "2m")!

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if kind == .roads, format != nil || crs != nil || timezone != nil {
            throw ValidationError("roads are read from OpenStreetMap .osm or .osm.pbf files; --format, --crs and --timezone do not apply")
        }
        if let timezone, TimeZone(identifier: timezone) == nil {
            throw ValidationError("--timezone '\(timezone)' is not an IANA time zone like America/Denver")
        }
    }

    func run() async throws {
        guard let recordKind = kind.recordKind else {
            return try await importRoads()
        }
        let opened = try await store.open()
        let started = Date()
        let options = ImportOptions(format: format, xColumn: xColumn, yColumn: yColumn, crs: crs, timeZone: timezone,
                                    clockSkew: ClockSkew(allowance: maxClockSkew.seconds))
        let progressLine = ImportProgressLine(file: (file as NSString).lastPathComponent)
        let report: ImportReport
        do {
            report = try await Importer(store: opened).importFile(file, kind: recordKind, options: options) {
                progressLine.handle($0)
            }
        } catch {
            progressLine.finish()
            throw error
        }
        progressLine.finish()
        for warning in report.warnings {
            Terminal.standardError.writeLine("crisismap: warning: \(warning)")
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            let object: [String: Any] = [
                "kind": report.kind.rawValue, "file": report.file, "rows": report.rows,
                "inserted": report.inserted, "updated": report.updated,
                "seconds": (seconds * 1000).rounded() / 1000,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("imported \(Format.count(report.rows)) \(report.kind.rawValue) from \(report.file): "
                  + "\(Format.count(report.inserted)) new, \(Format.count(report.updated)) updated "
                  + "(\(Format.seconds(seconds)))")
        }
    }
}
