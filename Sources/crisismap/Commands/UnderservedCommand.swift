import Analytics
import ArgumentParser
import Contract
import CrisisDispatch
import Foundation
import Reports
import Store

struct UnderservedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "underserved",
        abstract: "Rank areas by need and access: calls per 1,000 residents, ETAs, 2SFCA accessibility.",
        discussion: """
            For each area: population, calls, calls per 1,000 residents, the share of calls ending \
            in arrest or hospitalisation (where dispositions are recorded), ETA from its calls to the \
            nearest 24/7 crisis facility (crisis stabilization, behavioral health urgent care) and to \
            the nearest team (median, 90th percentile), the share of calls a team reaches within \
            --minutes, 2SFCA and enhanced 2SFCA accessibility (beds per 100,000 residents reachable; \
            E2SFCA zones 0-10-20-30 minutes weighted 1, 0.68, 0.22 after Luo and Qi 2009, scaled to \
            --catchment) and beds per 100,000 residents.

            Two sets of facilities, on purpose. ETAs go to the nearest place that takes a person \
            in crisis at any hour: crisis stabilization and behavioral health urgent care open \
            24/7. Accessibility and beds count the beds (beds_total; 1 for a facility without \
            beds) of every facility of --supply-kinds, whatever its hours (default \
            crisis_stabilization, crisis_residential, behavioral_health_urgent_care): what care an \
            area can reach at all. Every output names the kinds it used (CSV column supply_kinds, \
            JSON and GeoJSON supply_kinds, the map's legend).

            The score is the mean of four standardised figures (higher is worse): calls per 1,000, \
            low E2SFCA access, median ETA to a crisis facility, share of calls outside the target. \
            Each row names the figures that drove it.

            --minutes defaults to 30: SAMHSA's 2020 National Guidelines for Behavioral Health \
            Crisis Care make mobile crisis response ("someone to respond") one of the three core \
            elements of a crisis system, and Arizona's statewide system reports 30-40 minute \
            responses with GPS dispatch of the nearest team. Set your program's own standard. \
            ETAs use the dispatch ETA model: drive times over the imported roads when the store \
            has them (calls farther than --max-snap-m from a road keep the straight-line time and \
            are counted), else straight line; every output names it.

            Privacy (default --privacy private): call figures (calls, rates, shares, ETA \
            percentiles, the score and rank they drive, calls outside every area) come only from \
            noisy releases of whole closed months; --since/--until are months (YYYY-MM, inclusive; \
            default the last twelve released). A figure resting on fewer than 11 noisy calls is \
            absent. With --category an area has calls but no shares or ETAs (releases count those for \
            all calls). Accessibility and beds owe nothing to calls and are the same in both modes. \
            --privacy exact computes from the calls, marks the output "exact: not for publication", and is audited.

            Output by extension: .csv (columns area_id, name, population, calls, calls_per_1000, \
            eta_p50_s, eta_p90_s, within_target_share, access_2sfca, access_e2sfca, beds_per_100k, \
            score, rank, then extras, supply_kinds and eta_method last; every number as the shortest \
            decimal that reads back to the same value), .geojson, .png/.svg/.pdf (a choropleth).
            """
    )

    @Option(help: "Write the full ranking here (.csv, .geojson, .png, .svg, .pdf).")
    var out: String?

    @Option(help: "How many areas to print.")
    var top = 10

    @Option(help: "Response-time target for the within-target share, minutes.")
    var minutes = 30.0

    @Option(help: ArgumentHelp("2SFCA catchment: a time (30min) or a distance (15km).", valueName: "catchment"))
    var catchment = "30min"

    @Option(name: .customLong("supply-kinds"),
            help: ArgumentHelp("Facility kinds whose beds are the 2SFCA supply, comma-separated.", valueName: "kind,..."))
    var supplyKinds = PlanningProduct.defaultSupplyKinds.map(\.rawValue).joined(separator: ",")

    @Option(name: .customLong("target-beds-per-100k"), help: "Beds per 100,000 residents to compare each area with (adds beds_shortfall_per_100k).")
    var targetBeds: Double?

    @OptionGroup var calls: CallSelectionOptions

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var eta: ETAOptions
    @OptionGroup var privacyOptions: PrivacyOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard PlanningProduct.Catchment(text: catchment) != nil else { throw ValidationError("--catchment: \(PlanningProduct.Catchment.rule)") }
        guard minutes > 0, minutes <= 600 else { throw ValidationError("--minutes must be between 0 and 600") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        if let targetBeds, !(0...100_000).contains(targetBeds) { throw ValidationError("--target-beds-per-100k must be between 0 and 100000") }
        _ = try chosenSupplyKinds()
    }

    private func chosenSupplyKinds() throws -> [FacilityKind] {
        do throws(HeatmapOptions.Problem) { return try PlanningProduct.supplyKinds([supplyKinds]) } catch { throw ValidationError("--supply-kinds: \(error.message)") }
    }

    func run() async throws {
        let opened = try await store.open()
        let settings = PlanningProduct.settings(
            eta: eta.straightLine, targetMinutes: minutes,
            catchment: PlanningProduct.Catchment(text: catchment)!, targetBedsPer100k: targetBeds, roads: try await eta.router(store: opened))
        let report: UnderservedReport, period: String
        let kinds = try chosenSupplyKinds()
        let inputs = privacyOptions.isExact
            ? try await PlanningProduct.inputs(from: opened, calls: try calls.filter().0, supplyKinds: kinds)
            : try await PlanningProduct.places(from: opened, supplyKinds: kinds)
        guard !inputs.areas.isEmpty else { throw CommandFailure.usage("the store has no areas; import some with `crisismap import areas FILE`") }
        if privacyOptions.isExact {
            period = try calls.filter().1
            report = try UnderservedAnalysis.run(inputs, settings)
        } else {
            let products = try await ReleaseService.openForCLI(opened)
            do {
                (report, period) = try await PlanningProduct.privateUnderserved(
                    places: inputs, products: products, since: calls.since, until: calls.until, categories: commaList(calls.category), settings: settings)
            } catch let error as HeatmapOptions.Problem {
                throw ValidationError("--\(error.field): \(error.message)")
            }
        }
        await CLIAudit.record(opened, command: "underserved", parameters: [
            "privacy": privacyOptions.privacy.rawValue, "period": period, "category": calls.category, "minutes": String(minutes),
            "catchment": catchment, "target_beds_per_100k": targetBeds.map { String($0) }, "supply_kinds": kinds.map(\.rawValue).joined(separator: ","), "out": out,
        ])
        let output = UnderservedOutput(report: report, areas: inputs.areas, period: period)
        if let out { try output.write(to: out) }
        if json {
            print(try UnderservedJSON(report, withTimings: true).jsonText())
            return
        }
        print("Most underserved areas (\(period)\(report.privacy.isPrivate ? ", private" : ", exact: not for publication"); ETA: \(report.etaMethod.rawValue.replacingOccurrences(of: "_", with: "-")), target \(Int(minutes)) min)")
        for row in report.rows.prefix(top) {
            let eta = row.etaP50.map { "crisis facility \(Int(($0 / 60).rounded())) min" }
                ?? ((row.calls ?? 0) == 0 ? "few or no calls" : "no 24/7 crisis facility")
            let within = row.withinTargetShare.map { "\(Int(($0 * 100).rounded()))% in target" } ?? ""
            print("  \(row.rank). \(row.name) (\(row.id))  score \(String(format: "%.2f", row.score))  \(row.calls.map(String.init) ?? "<11") calls, "
                  + "\(row.callsPer1000.map { String(format: "%.1f", $0) } ?? "-") per 1,000  \(eta)  \(within)  "
                  + "E2SFCA \(String(format: "%.1f", row.accessE2SFCA))"
                  + (row.bedsShortfallPer100k.map { $0 > 0 ? "  \(String(format: "%.1f", $0)) beds/100k short" : "" } ?? "")
                  + "  [\(row.drivers.joined(separator: "; "))]")
        }
        print("  2SFCA supply: beds of \(kinds.map(\.rawValue).joined(separator: ", ")) (\(inputs.supply.count) facilities)")
        if inputs.facilities.isEmpty {
            print("  no 24/7 crisis stabilization or urgent care facility in the store: no facility ETAs")
        }
        if inputs.supply.isEmpty { print("  no facility of the supply kinds in the store: accessibility is 0 everywhere") }
        if let outside = report.callsOutsideAreas, outside > 0 { print("  \(outside) calls lie outside every area") }
        if let overlapping = report.callsInOverlaps, overlapping > 0 { print("  \(overlapping) calls lie in overlapping areas (counted for the first by id)") }
        if !report.areasWithoutPopulation.isEmpty {
            print("  areas without population (no per-1,000 figure): \(report.areasWithoutPopulation.joined(separator: ", "))")
        }
        if let out { print("Wrote \(out)") }
    }
}
