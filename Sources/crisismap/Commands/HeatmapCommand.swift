import Analytics
import ArgumentParser
import Contract
import Foundation
import MapRender
import Reports
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

            Privacy (default --privacy private): the map is computed only from noisy releases of \
            whole closed months (`crisismap release`; --since/--until are months, YYYY-MM, \
            inclusive; default the last twelve released), on the 250 m release grid (--cell-size a \
            multiple of 250 m, default 250m; --bandwidth default 750m), selecting by --category or by \
            --hours and weekday/weekend --days, not both. A place resting on fewer than --min-count \
            (11, raised where noise alone could reach it) noisy calls is simply absent: not flagged, \
            not drawn. `crisismap privacy` states the guarantee.

            --privacy exact computes from the calls themselves (any times, cell sizes, days), marks \
            every output "exact: not for publication", flags hidden cells `suppressed`, and is \
            audited. Going below 11 there needs --allow-small-counts.

            Output by extension: .png (default), .svg, .pdf maps; .geojson cell polygons (WGS84); \
            .csv cell centres.

            Examples:
              crisismap heatmap --out calls.png
              crisismap heatmap --out nights.svg --hours 18-06 --days sat,sun --since 2026-01 --until 2026-06
              crisismap heatmap --out overdoses.geojson --category overdose,substance_use --cell-size 500m
              crisismap heatmap --privacy exact --out review.png --hours 18-06 --days fri,sat --since 90d
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

    @Option(name: .customLong("cell-size"), help: ArgumentHelp("Grid cell size, e.g. 500m (private: a multiple of 250m, default 250m; exact: automatic).", valueName: "distance"))
    var cellSize: String?

    @Option(help: ArgumentHelp("Kernel bandwidth, e.g. 750m or 1.5km (private default 750m; exact: automatic).", valueName: "distance"))
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

    @OptionGroup var privacyOptions: PrivacyOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard HeatmapReport.OutputFormat(path: out) != nil else {
            throw ValidationError("--out must end in .png, .svg, .pdf, .geojson or .csv")
        }
        if minCount < 11, !privacyOptions.isExact {
            throw ValidationError("--min-count below 11 exists only for exact maps (--privacy exact --allow-small-counts)")
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
        let (surface, period, selection) = privacyOptions.isExact
            ? try await exactSurface(opened, options, facilities: facilities)
            : try await privateSurface(opened, options)
        await CLIAudit.record(opened, command: "heatmap", parameters: [
            "privacy": privacyOptions.privacy.rawValue, "period": period, "selection": selection, "bbox": bbox,
            "cell_size_m": String(surface.grid.cellSize), "bandwidth_m": String(surface.bandwidth), "kernel": surface.kernel.rawValue,
            "min_count": String(minCount), "out": out,
        ])
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
                var privacy: String
                var out: String, calls: Int?, selected_calls: Int?, columns: Int, rows: Int, cell_size_m: Double
                var bandwidth_m: Double, kernel: String, crs: String, min_count: Int, hidden_cells: Int?
                var max_density_per_km2: Double, method: String
            }
            let exact = !surface.privacy.isPrivate
            let shownCalls = exact || surface.griddedCalls >= surface.minCount ? surface.griddedCalls : nil
            print(try Summary(privacy: exact ? "exact: not for publication" : "private",
                              out: out, calls: shownCalls, selected_calls: exact ? surface.selectedCalls : shownCalls, columns: grid.columns,
                              rows: grid.rows, cell_size_m: grid.cellSize, bandwidth_m: surface.bandwidth, kernel: surface.kernel.rawValue,
                              crs: grid.crs, min_count: surface.minCount, hidden_cells: exact ? surface.suppressedCellCount : nil,
                              max_density_per_km2: surface.maxShownDensity, method: surface.method.rawValue).jsonText())
        } else {
            let where_ = "\(grid.columns) x \(grid.rows) cells of \(HeatmapReport.metres(grid.cellSize)), "
                + "\(surface.kernel.rawValue) bandwidth \(HeatmapReport.metres(surface.bandwidth)) in \(grid.crs)"
            if surface.privacy.isPrivate {
                print("Wrote \(out): private map of \(period) from released months, \(where_); places with fewer than \(surface.minCount) noisy calls are not shown")
            } else {
                print("Wrote \(out) (exact: not for publication): \(surface.griddedCalls) calls (\(period)), \(where_); "
                      + "\(surface.suppressedCellCount) cells hidden (fewer than \(surface.minCount) calls within reach)")
            }
        }
    }

    private func exactSurface(_ store: any CrisisStore, _ options: HeatmapOptions, facilities: [Facility]) async throws -> (DensitySurface, String, String?) {
        let (request, period, selection): (DensityRequest, String, String?)
        do {
            (request, period, selection) = try options.request(defaultTimeZone: HeatmapOptions.commonTimeZone(of: facilities))
        } catch {
            throw ValidationError("--\(error.field): \(error.message)")
        }
        do {
            return (try await DensityEstimator.estimate(from: store, request), period, selection)
        } catch let error as DensityError {
            throw CommandFailure.usage(error.description)
        }
    }

    private func privateSurface(_ store: any CrisisStore, _ options: HeatmapOptions) async throws -> (DensitySurface, String, String?) {
        let products = try await ReleaseService.openForCLI(store)
        let (request, period, selection): (PrivateDensityRequest, String, String?)
        do {
            (request, period, selection) = try options.privateRequest(products)
        } catch {
            throw ValidationError("--\(error.field): \(error.message)")
        }
        do {
            return (try await PrivateDensity.estimate(request, grid: products.grid, counts: products.counts), period, selection)
        } catch let error as DensityError {
            throw CommandFailure.usage(error.description)
        }
    }
}
