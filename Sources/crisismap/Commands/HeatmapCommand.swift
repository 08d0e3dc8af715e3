import Analytics
import ArgumentParser
import Foundation
import MapRender
import Reports
import Server
import Store

struct HeatmapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap",
        abstract: "Map where calls concentrate: a kernel density surface, privacy-safe by default.",
        discussion: """
            Selects calls (--since/--until, --category, --hours, --days, --bbox), projects them \
            into a metric CRS (the UTM zone of their centre unless --crs), counts them on a grid \
            of --cell-size and spreads each with a --kernel of --bandwidth. Density is in calls per \
            km² over the selected period; the surface integrates to the number of calls.

            Defaults: cell size = the longer side / 500, rounded to 1, 2, 2.5 or 5 x 10^k m (at \
            least 10 m); bandwidth = 0.9 x min(standard distance, sqrt(1/ln 2) x median distance \
            to the mean centre) x n^-0.2 (the spatial Silverman rule ArcGIS Pro uses), at least two cells.

            Privacy: a cell whose value rests on fewer than --min-count calls (default 11) within \
            the kernel's reach is hidden in every format; a cell's own count is given only when \
            at least --min-count calls fell in it. Going below 11 needs --allow-small-counts.

            Output by extension: .png (default), .svg, .pdf maps; .geojson cell polygons (WGS84); \
            .csv cell centres.

            Examples:
              crisismap heatmap --out calls.png
              crisismap heatmap --out nights.svg --hours 18-06 --days fri,sat --category overdose,substance_use
              crisismap heatmap --out grid.geojson --cell-size 250m --bandwidth 750m --since 90d
            """
    )

    @Option(help: "Output file: .png, .svg, .pdf, .geojson or .csv.")
    var out = "heatmap.png"

    @OptionGroup var calls: CallSelectionOptions

    @Option(help: ArgumentHelp("Local hours, e.g. 18-06 (6 pm to 6 am).", valueName: "from-to"))
    var hours: String?

    @Option(help: ArgumentHelp("Local days, comma-separated, e.g. fri,sat.", valueName: "days"))
    var days: String?

    @Option(help: ArgumentHelp("IANA zone for --hours/--days (default: the zone most facilities use).", valueName: "zone"))
    var timezone: String?

    // `.unconditional`: western boxes start with a minus sign.
    @Option(parsing: .unconditional, help: ArgumentHelp("Only calls inside west,south,east,north (degrees); also the map's extent.", valueName: "W,S,E,N"))
    var bbox: String?

    @Option(name: .customLong("cell-size"), help: ArgumentHelp("Grid cell size, e.g. 250m (default: automatic).", valueName: "distance"))
    var cellSize: String?

    @Option(help: ArgumentHelp("Kernel bandwidth, e.g. 750m or 1.5km (default: automatic).", valueName: "distance"))
    var bandwidth: String?

    @Option(help: "quartic (QGIS's default) or gaussian.")
    var kernel = "quartic"

    @Option(help: ArgumentHelp("Metric CRS for the grid, e.g. EPSG:2232 (default: the local UTM zone).", valueName: "EPSG:NNNN"))
    var crs: String?

    @Option(name: .customLong("min-count"), help: "Hide cells resting on fewer calls than this within the kernel's reach.")
    var minCount = 11

    @Flag(name: .customLong("allow-small-counts"), help: "Allow --min-count below 11 (the output may identify single calls).")
    var allowSmallCounts = false

    @Flag(name: .customLong("no-areas"), help: "Do not draw area outlines.")
    var noAreas = false

    @Flag(name: .customLong("no-facilities"), help: "Do not draw facilities.")
    var noFacilities = false

    @Option(help: "Map width in pixels (PNG) or points (SVG, PDF).")
    var width = 1600.0

    @Option(help: "Map height in pixels (PNG) or points (SVG, PDF).")
    var height = 1200.0

    @Option(help: "PNG resolution: 96 keeps --width/--height in pixels; 192 doubles the pixels, same layout.")
    var dpi = 96.0

    @Option(help: "The map's title.")
    var title = "Crisis calls: where they concentrate"

    @Flag(help: "Print a JSON summary instead of a sentence.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard HeatmapReport.OutputFormat(path: out) != nil else {
            throw ValidationError("--out must end in .png, .svg, .pdf, .geojson or .csv")
        }
        if minCount < 11, !allowSmallCounts {
            throw ValidationError("--min-count below 11 can reveal single calls; add --allow-small-counts if this map is for authorised eyes only")
        }
        guard (100...20_000).contains(width), (100...20_000).contains(height) else {
            throw ValidationError("--width and --height must be between 100 and 20000")
        }
        guard (24...1200).contains(dpi) else { throw ValidationError("--dpi must be between 24 and 1200") }
    }

    func run() async throws {
        let opened = try await store.open()
        var options = HeatmapOptions()
        options.since = calls.since
        options.until = calls.until
        options.categories = commaList(calls.category)
        options.hours = hours
        options.days = commaList(days)
        options.timeZone = timezone
        options.bbox = bbox
        options.cellSize = cellSize
        options.bandwidth = bandwidth
        options.kernel = kernel
        options.crs = crs
        options.minCount = minCount
        let facilities = try await opened.facilities.all()
        let (request, period, selection): (DensityRequest, String, String?)
        do {
            (request, period, selection) = try options.request(defaultTimeZone: HeatmapOptions.commonTimeZone(of: facilities))
        } catch {
            throw ValidationError("--\(error.field): \(error.message)")
        }
        let surface: DensitySurface
        do {
            surface = try await DensityEstimator.estimate(from: opened, request)
        } catch let error as DensityError {
            throw CommandFailure.usage(error.description)
        }
        let report = HeatmapReport(
            surface: surface, areas: noAreas ? [] : try await opened.areas.all(),
            facilities: noFacilities ? [] : facilities, period: period, selection: selection, title: title)
        do {
            try report.write(to: out, renderer: MapRenderer(width: width, height: height, dpi: dpi))
        } catch let error as MapRenderError {
            throw CommandFailure(message: error.description, code: .failure)
        }
        let grid = surface.grid
        if json {
            struct Summary: Encodable {
                var out: String, calls: Int, selected_calls: Int, columns: Int, rows: Int, cell_size_m: Double
                var bandwidth_m: Double, kernel: String, crs: String, min_count: Int, hidden_cells: Int
                var max_density_per_km2: Double, method: String
            }
            print(try Summary(out: out, calls: surface.griddedCalls, selected_calls: surface.selectedCalls, columns: grid.columns,
                              rows: grid.rows, cell_size_m: grid.cellSize, bandwidth_m: surface.bandwidth, kernel: surface.kernel.rawValue,
                              crs: grid.crs, min_count: surface.minCount, hidden_cells: surface.suppressedCellCount,
                              max_density_per_km2: surface.maxShownDensity, method: surface.method.rawValue).jsonText())
        } else {
            print("Wrote \(out): \(surface.griddedCalls) calls (\(period)), \(grid.columns) x \(grid.rows) cells of \(HeatmapReport.metres(grid.cellSize)), "
                  + "\(surface.kernel.rawValue) bandwidth \(HeatmapReport.metres(surface.bandwidth)) in \(grid.crs); "
                  + "\(surface.suppressedCellCount) cells hidden (fewer than \(surface.minCount) calls within reach)")
        }
    }
}
