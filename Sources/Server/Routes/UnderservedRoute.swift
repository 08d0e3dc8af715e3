import Analytics
import Contract
import CrisisDispatch
import Foundation
import Hummingbird
import Reports
import Store

/// `GET /v1/areas/underserved`: the planner's ranking, with the same
/// figures as `crisismap underserved --json`. Aggregates only.
enum UnderservedRoute {
    static let ranking = Endpoint(.get, "/v1/areas/underserved", roles: [.planner], audited: true)
    static let fields: Set<String> = ["minutes", "catchment", "since", "until", "category", "target_beds_per_100k", "privacy", "supply_kinds"]

    static func register(on router: Router<APIContext>, services: APIServices) {
        router.add(ranking, services) { request, context in
            let caller = try context.requireCaller()
            var fields = RequestFields(query: request.queryFields, allowed: fields)
            let minutes = fields.double("minutes", in: 1...600) ?? 30
            let catchmentText = fields.string("catchment") ?? "30min"
            let targetBeds = fields.double("target_beds_per_100k", in: 0...100_000)
            var options = HeatmapOptions()
            options.since = fields.string("since")
            options.until = fields.string("until")
            options.categories = fields.list("category")
            let catchment = PlanningProduct.Catchment(text: catchmentText)
            if catchment == nil { fields.fail("catchment", PlanningProduct.Catchment.rule) }
            var supplyKinds = PlanningProduct.defaultSupplyKinds
            if let named = fields.string("supply_kinds") {
                do throws(HeatmapOptions.Problem) { supplyKinds = try PlanningProduct.supplyKinds([named]) } catch { fields.fail(error.field, error.message) }
            }
            let exact = try PlannerPrivacy.isExact(&fields, caller: caller)
            try fields.finish()
            // The dispatch model in force: roads when loaded, with their straight-line fallback.
            let configured = services.engine.settings.travelTime
            let model = (configured as? SwappableETA)?.model ?? configured
            let road = model as? RoadNetworkETA
            let straight = road?.fallback ?? model as? StraightLineETA ?? StraightLineETA()
            let settings = PlanningProduct.settings(eta: straight, targetMinutes: minutes, catchment: catchment!,
                                                    targetBedsPer100k: targetBeds, roads: road?.router)
            return try await services.planning.run { [options, supplyKinds] in
                if !exact {
                    let products = try await PlannerPrivacy.products(services.store)
                    do {
                        let (report, _) = try await PlanningProduct.privateUnderserved(
                            from: services.store, supplyKinds: supplyKinds, products: products, since: options.since, until: options.until,
                            categories: options.categories, settings: settings)
                        return try jsonResponse(UnderservedJSON(report))
                    } catch let error as HeatmapOptions.Problem {
                        throw APIProblem.invalid([FieldError(field: error.field, message: error.message)])
                    }
                }
                let filter: CallFilter
                do {
                    filter = try options.request(defaultTimeZone: .current).0.filter
                } catch let error as HeatmapOptions.Problem {
                    throw APIProblem.invalid([FieldError(field: error.field, message: error.message)])
                }
                let inputs = try await PlanningProduct.inputs(from: services.store, calls: filter, supplyKinds: supplyKinds)
                return try jsonResponse(UnderservedJSON(try UnderservedAnalysis.run(inputs, settings)))
            }
        }
    }
}
