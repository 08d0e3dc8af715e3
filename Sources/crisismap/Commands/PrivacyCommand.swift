import Analytics
import ArgumentParser
import Contract
import Foundation
import Reports
import Store

struct PrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "State the privacy guarantee of planner products: mechanism, epsilon per view and in total, grid, releases.",
        discussion: """
            The guarantee is differential privacy for one call: whatever a planner asks, however often, \
            the answers differ at most by a factor of e^epsilon in probability between a world with one \
            call and one without it. epsilon adds up over every view and level a call appears in (its \
            month, quarter and year); the total printed is that sum. PRIVACY.md explains it in full.
            """
    )

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.open()
        let settings = try await ReleaseService.settings(of: opened)
        let budget = PrivacyBudget(epsilon: settings.epsilon)
        let releases = try await opened.releases.releases()
        let grid = settings.grid.flatMap(ReleaseGrid.decode)
        let nodes = releases.compactMap { ReleaseNode($0.node) }
        let months = nodes.filter { $0.level == .month }.sorted()
        if json {
            struct View: Encodable { var view: String; var month: Double; var quarter: Double; var year: Double; var total: Double }
            struct Answer: Encodable {
                var mechanism: String, unit: String, epsilon_total: Double, epsilon_spent: Double, views: [View]
                var release_grid: String?, time_zone: String?, release_delay_days: Int, min_count: Int, released: [String]
            }
            print(try Answer(
                mechanism: "discrete Laplace (two-sided geometric), integer sampling, noise fixed per release by HMAC-SHA256 keyed with the store's secret",
                unit: "one call", epsilon_total: settings.epsilon, epsilon_spent: budget.spent,
                views: ReleaseView.allCases.map { view in
                    View(view: view.rawValue, month: budget.rate(view, .month).epsilon, quarter: budget.rate(view, .quarter).epsilon,
                         year: budget.rate(view, .year).epsilon, total: budget.epsilon(of: view))
                },
                release_grid: grid.map { "\(Int($0.cellSize)) m cells in \($0.crs), \($0.columns) x \($0.rows)" }, time_zone: settings.timeZone,
                release_delay_days: Int(ReleaseCalendar.defaultDelay / 86_400), min_count: 11, released: releases.map(\.node)).jsonText())
            return
        }
        print("Mechanism:   discrete Laplace (two-sided geometric) noise on every call-derived count, sampled with")
        print("             integer arithmetic (Canonne, Kamath & Steinke 2020) from HMAC-SHA256 keyed by this store's")
        print("             secret, and fixed when a release is made: asking again returns the same noise.")
        print("Protects:    one call (its place, time, category, outcome), against any number of questions.")
        print("Epsilon:     \(format(settings.epsilon)) per call in total (spent: \(format(budget.spent)))")
        print("             view                   month  quarter  year   total")
        for view in ReleaseView.allCases {
            let row = [budget.rate(view, .month).epsilon, budget.rate(view, .quarter).epsilon, budget.rate(view, .year).epsilon, budget.epsilon(of: view)]
            print("             \(view.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) " + row.map { format($0).padding(toLength: 6, withPad: " ", startingAt: 0) }.joined(separator: " "))
        }
        if let grid {
            print("Grid:        \(Int(grid.cellSize)) m cells in \(grid.crs), \(grid.columns) x \(grid.rows); nothing a planner sees resolves finer")
        } else {
            print("Grid:        250 m cells over the areas' extent, fixed by the first release")
        }
        print("Months:      whole calendar months in \(settings.timeZone ?? "the zone most facilities use (fixed by the first release)"), released \(Int(ReleaseCalendar.defaultDelay / 86_400)) days after they end")
        print("Shown:       a figure whose noisy count is below 11 is absent (maps raise this where noise alone could reach it)")
        if months.isEmpty {
            print("Released:    nothing yet (`crisismap release`)")
        } else {
            print("Released:    \(months.count) months (\(months.first!) to \(months.last!)), \(nodes.filter { $0.level == .quarter }.count) quarters, \(nodes.filter { $0.level == .year }.count) years")
        }
    }

    private func format(_ value: Double) -> String { String(format: "%g", value) }
}
