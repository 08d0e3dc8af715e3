import Analytics
import Contract
import Foundation
import Hummingbird
import MapRender
import Reports
import Store

/// Planner products: the density grid as GeoJSON and the heat map as PNG,
/// computed from private releases of whole months (withheld cells absent).
/// An admin may ask for `privacy=exact` (from the calls, with suppression
/// flags, and `min_count` below 11); a planner asking for it is refused.
enum DensityRoutes {
    static let density = Endpoint(.get, "/v1/density", roles: [.planner], audited: true)
    static let heatmap = Endpoint(.get, "/v1/heatmap.png", roles: [.planner], audited: true)

    static let fields: Set<String> = [
        "since", "until", "category", "hours", "days", "timezone", "bbox", "cell_size", "bandwidth", "kernel", "crs", "min_count", "privacy",
    ]
    static let mapFields: Set<String> = fields.union(["width", "height"])

    static func register(on router: Router<APIContext>, services: APIServices) {
        router.add(density, services) { request, context in
            let caller = try context.requireCaller()
            let data = try await services.planning.run {
                try await build(request, caller: caller, services: services, allowed: fields).data(.geojson)
            }
            return Response(status: .ok, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.add(heatmap, services) { request, context in
            let caller = try context.requireCaller()
            var sizeFields = RequestFields(query: request.queryFields.filter { ["width", "height"].contains($0.key) }, allowed: ["width", "height"])
            let width = sizeFields.int("width", in: 200...4_000) ?? 1_600
            let height = sizeFields.int("height", in: 200...4_000) ?? 1_200
            try sizeFields.finish()
            let data = try await services.planning.run {
                try await build(request, caller: caller, services: services, allowed: mapFields, map: true)
                    .data(.png, renderer: MapRenderer(width: Double(width), height: Double(height)))
            }
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    private static func build(
        _ request: Request, caller: Caller, services: APIServices, allowed: Set<String>, map: Bool = false
    ) async throws -> HeatmapReport {
        let query = request.queryFields
        var fields = RequestFields(query: query, allowed: allowed)
        var options = HeatmapOptions()
        options.since = fields.string("since")
        options.until = fields.string("until")
        options.categories = fields.list("category")
        options.hours = fields.string("hours")
        options.days = fields.list("days")
        options.timeZone = fields.string("timezone")
        options.bbox = fields.string("bbox")
        options.cellSize = fields.string("cell_size")
        options.bandwidth = fields.string("bandwidth")
        options.kernel = fields.string("kernel")
        options.crs = fields.string("crs")
        options.minCount = fields.int("min_count", in: 1...1_000_000)
        let exact = try PlannerPrivacy.isExact(&fields, caller: caller)
        try fields.finish()
        if let minCount = options.minCount, minCount < 11, !exact {
            guard caller.role == .admin else {
                throw APIProblem.forbidden("min_count below 11 can reveal single calls; only an admin key may ask for it, with privacy=exact")
            }
            throw APIProblem.invalid([FieldError(field: "min_count", message: "below 11 exists only with privacy=exact")])
        }
        let areas = map ? try await services.store.areas.all() : []
        if !exact {
            let products = try await PlannerPrivacy.products(services.store)
            var (privateRequest, period, selection): (PrivateDensityRequest, String, String?)
            do {
                (privateRequest, period, selection) = try options.privateRequest(products)
            } catch {
                throw APIProblem.invalid([FieldError(field: error.field.replacingOccurrences(of: "-", with: "_"), message: error.message)])
            }
            // The same bound as exact answers: a quarter million cells, kernel padding included.
            privateRequest.maxCells = 250_000
            let surface: DensitySurface
            do {
                surface = try await PrivateDensity.estimate(privateRequest, grid: products.grid, counts: products.counts)
            } catch let error as DensityError {
                throw APIProblem(.unprocessableContent, kind: "no-density", title: "No density can be made from this selection",
                                 detail: error.description)
            }
            return HeatmapReport(surface: surface, areas: areas, facilities: map ? try await services.store.facilities.all() : [],
                                 period: period, selection: selection)
        }
        // The exact path needs the facilities for the default zone of --hours/--days, and draws them on maps.
        let facilities = try await services.store.facilities.all()
        let zone = HeatmapOptions.commonTimeZone(of: facilities)
        let (densityRequest, period, selection): (DensityRequest, String, String?)
        do {
            (densityRequest, period, selection) = try options.request(defaultTimeZone: zone)
        } catch {
            throw APIProblem.invalid([FieldError(field: error.field.replacingOccurrences(of: "-", with: "_"), message: error.message)])
        }
        // Answers stay a size a browser can take: 200 cells across by default, a quarter million at most.
        var limited = densityRequest
        limited.maxCells = 250_000
        if !map { limited.cellsAcross = 200 }
        let surface: DensitySurface
        do {
            surface = try await DensityEstimator.estimate(from: services.store, limited)
        } catch let error as DensityError {
            throw APIProblem(.unprocessableContent, kind: "no-density", title: "No density can be made from this selection",
                             detail: error.description)
        }
        return HeatmapReport(surface: surface, areas: areas, facilities: map ? facilities : [], period: period, selection: selection)
    }
}

/// Who gets which planner products: private releases for every planner key;
/// `privacy=exact` for admins only.
enum PlannerPrivacy {
    static func isExact(_ fields: inout RequestFields, caller: Caller) throws -> Bool {
        guard let value = fields.string("privacy") else { return false }
        switch value {
        case "private": return false
        case "exact":
            guard caller.role == .admin else {
                throw APIProblem.forbidden("privacy=exact gives figures that can identify people in crisis; only an admin key may ask for it")
            }
            return true
        default:
            fields.fail("privacy", "expected private or exact")
            return false
        }
    }

    /// The store's releases; a store with none yet (the scheduler has not run) makes those due first.
    static func products(_ store: any CrisisStore) async throws -> ReleasedProducts {
        do {
            if let products = try? await ReleaseService.open(store), !products.releases.isEmpty { return products }
            _ = try? await ReleaseService.releaseDue(store)
            return try await ReleaseService.open(store)
        } catch let error as ReleaseService.ReleaseError {
            throw APIProblem(.unprocessableContent, kind: "no-release", title: "No private release yet", detail: error.description)
        }
    }
}
