import Foundation
import GeoCore
import Testing
@testable import Analytics
import Contract
@testable import Interchange
@testable import MapRender
@testable import Reports
@testable import SpatiaLiteStore
@testable import Store
import TestSupport

/// Figures a planner can reproduce by hand: the 2SFCA supply is the beds of
/// the documented crisis kinds, whatever their hours, and a data file writes
/// every number so that it reads back to the same Double.
@Suite struct PlannerFigureTests {
    /// Two square tracts 17 km apart, WEST (3,000 residents) and EAST (5,000).
    static let areas = [
        Area(id: "WEST", name: "Tract West", kind: .tract, population: 3_000,
             geometry: .polygon(Fixtures.square(west: -105.00, south: 39.70, size: 0.02))),
        Area(id: "EAST", name: "Tract East", kind: .tract, population: 5_000,
             geometry: .polygon(Fixtures.square(west: -104.80, south: 39.70, size: 0.02))),
    ]

    static func facility(_ id: String, _ kind: FacilityKind, beds: Int?, hours: String?, lat: Double, lon: Double) throws -> Facility {
        var made = Fixtures.facility(id, at: Coordinate(uncheckedLatitude: lat, longitude: lon))
        made.kind = kind
        made.bedsTotal = beds
        made.bedsAvailable = nil
        made.hours = try hours.map { try OpeningHours(parsing: $0) }
        return made
    }

    /// Crisis residential beds only, plus an outpatient clinic that is not supply by default.
    static func residentialStore() async throws -> (SpatiaLiteStore, URL) {
        let directory = try TemporaryFolder.make("supply")
        let store = try SpatiaLiteStore(path: directory.appendingPathComponent("supply.sqlite").path, mode: .createIfMissing)
        _ = try await store.areas.upsert(areas)
        _ = try await store.facilities.upsert([
            try facility("R1", .crisisResidential, beds: 12, hours: "Mo-Fr 08:00-20:00", lat: 39.71, lon: -104.99),  // WEST's centre
            try facility("R2", .crisisResidential, beds: nil, hours: nil, lat: 39.71, lon: -104.89),                // 8.6 km from both
            try facility("R3", .crisisResidential, beds: 30, hours: "24/7", lat: 40.50, lon: -104.00),              // out of reach
            try facility("O1", .outpatient, beds: 100, hours: "Mo-Fr 08:00-17:00", lat: 39.71, lon: -104.79),       // EAST's centre
        ])
        return (store, directory)
    }

    static func report(supplyKinds: [FacilityKind] = PlanningProduct.defaultSupplyKinds) async throws -> UnderservedReport {
        let (store, directory) = try await residentialStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = try await PlanningProduct.inputs(from: store, calls: CallFilter(), supplyKinds: supplyKinds)
        await store.close()
        return try UnderservedAnalysis.run(inputs, PlanningProduct.settings(catchment: .metres(10_000)))
    }

    @Test func crisisResidentialBedsAreTheSupplyByHand() async throws {
        let report = try await Self.report()
        let byID = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0) })
        let west = try #require(byID["WEST"]), east = try #require(byID["EAST"])
        // Within 10 km: WEST reaches R1 (0 km) and R2 (8.6 km); EAST reaches R2 only (R1 is 17 km away).
        // R1 = 12 beds / 3,000 people; R2 states no beds, so 1 place / (3,000 + 5,000); R3 reaches nobody.
        let r1 = 12.0 / 3_000, r2 = 1.0 / 8_000
        #expect(abs(west.access2SFCA - (r1 + r2) * 100_000) < 1e-9, "WEST \(west.access2SFCA), by hand 412.5")
        #expect(abs(east.access2SFCA - r2 * 100_000) < 1e-9, "EAST \(east.access2SFCA), by hand 12.5")
        // E2SFCA zones scaled to 10 km: 0-3.3 km weight 1, 3.3-6.7 km 0.68, 6.7-10 km 0.22; R2 is in the last.
        let e1 = 12.0 / 3_000, e2 = 1.0 / (0.22 * 3_000 + 0.22 * 5_000)
        #expect(abs(west.accessE2SFCA - (e1 + 0.22 * e2) * 100_000) < 1e-9)
        #expect(abs(east.accessE2SFCA - 0.22 * e2 * 100_000) < 1e-9)
        // Beds per 100,000 count the supply inside the area; the outpatient clinic's 100 are not crisis beds.
        #expect(west.bedsPer100k == 12.0 / 3_000 * 100_000 && east.bedsPer100k == 0)
        // No 24/7 stabilization or urgent care: no facility ETAs, whatever the beds.
        #expect(report.rows.allSatisfy { $0.etaP50 == nil })
        #expect(report.supplyKinds == [.crisisStabilization, .crisisResidential, .behavioralHealthUrgentCare])
    }

    @Test func supplyKindsChooseWhoseBedsCount() async throws {
        let report = try await Self.report(supplyKinds: [.outpatient])
        let byID = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0) })
        #expect(byID["EAST"]?.access2SFCA == 100.0 / 5_000 * 100_000)
        #expect(byID["WEST"]?.access2SFCA == 0)
        #expect(report.supplyKinds == [.outpatient])
    }

    /// A catchment past 10 hours or 500 km reaches every facility in the
    /// state and only costs time: refused, as nonsense and zero are.
    @Test func catchmentsAreBounded() {
        #expect(PlanningProduct.Catchment(text: "30min") == .minutes(30))
        #expect(PlanningProduct.Catchment(text: "600min") == .minutes(600))
        #expect(PlanningProduct.Catchment(text: "15km") == .metres(15_000))
        for text in ["601min", "13278966284.582min", "0min", "501km", "0m", "soon"] {
            #expect(PlanningProduct.Catchment(text: text) == nil, "\(text)")
        }
        #expect(PlanningProduct.Catchment.rule.contains("at most 600min or 500km"))
    }

    @Test func supplyKindsAreCheckedAndNamedOnce() throws {
        #expect(try PlanningProduct.supplyKinds(["crisis_residential, crisis_residential,outpatient"]) == [.crisisResidential, .outpatient])
        for bad in ["", " , ", "crisis_residentail"] {
            #expect(throws: HeatmapOptions.Problem.self) { try PlanningProduct.supplyKinds([bad]) }
        }
        do {
            _ = try PlanningProduct.supplyKinds(["beds"])
            Issue.record("an unknown kind was accepted")
        } catch {
            #expect(error.field == "supply_kinds" && error.message.contains("crisis_residential"), "\(error.message)")
        }
    }

    @Test func everyOutputNamesTheSupplyKinds() async throws {
        let report = try await Self.report(supplyKinds: [.crisisResidential, .crisisStabilization])
        let output = UnderservedOutput(report: report, areas: Self.areas, period: "all calls")
        let table = try Self.table(output.csv())
        #expect(table.rows.allSatisfy { $0["supply_kinds"] == "crisis_residential;crisis_stabilization" })
        #expect(table.header.last == "eta_method")
        let geoJSON = try JSONSerialization.jsonObject(with: Data(try output.geoJSON().utf8)) as? [String: Any]
        #expect((geoJSON?["crisismap"] as? [String: Any])?["supply_kinds"] as? [String] == ["crisis_residential", "crisis_stabilization"])
        let notes = try output.scene().legend.notes.joined(separator: "\n")
        #expect(notes.contains("beds of crisis residential, crisis stabilization"), "\(notes)")
    }

    /// A few thousand random Doubles of every magnitude go through the
    /// ranking's CSV writer and come back bit for bit.
    @Test func underservedCSVNumbersReadBackExactly() throws {
        var generator = SplitMix64(seed: 18)
        func random() -> Double {
            switch generator.next() % 4 {
            case 0: return Double.random(in: 0..<1, using: &generator)
            case 1: return Double.random(in: 0..<1_000_000, using: &generator)
            case 2: return Double.random(in: -1e-7..<1e-7, using: &generator)
            default:
                // Any finite bit pattern: subnormals, huge exponents, negative zero.
                var value = Double(bitPattern: generator.next())
                while !value.isFinite { value = Double(bitPattern: generator.next()) }
                return value
            }
        }
        var rows: [AreaFigures] = []
        for index in 0..<400 {
            rows.append(AreaFigures(
                id: "A\(index)", name: "Area, \"\(index)\"", population: index, calls: index, callsPer1000: random(),
                arrestShare: random(), hospitalizedShare: random(), etaP50: random(), etaP90: random(), teamEtaP50: random(),
                teamEtaP90: random(), withinTargetShare: random(), access2SFCA: random(), accessE2SFCA: random(), bedsPer100k: random(),
                bedsShortfallPer100k: random(), score: random(), rank: index + 1, drivers: []))
        }
        let report = UnderservedReport(rows: rows, etaMethod: .straightLine, supplyKinds: PlanningProduct.defaultSupplyKinds,
                                       callsOutsideAreas: 0, callsInOverlaps: 0, areasWithoutPopulation: [], crs: "EPSG:32613",
                                       timings: [:], callsOffRoadNetwork: nil)
        let table = try Self.table(UnderservedOutput(report: report, areas: [], period: "test").csv())
        let columns: [(String, KeyPath<AreaFigures, Double?>)] = [
            ("calls_per_1000", \.callsPer1000), ("eta_p50_s", \.etaP50), ("eta_p90_s", \.etaP90),
            ("within_target_share", \.withinTargetShare), ("beds_per_100k", \.bedsPer100k), ("team_eta_p50_s", \.teamEtaP50),
            ("team_eta_p90_s", \.teamEtaP90), ("arrest_share", \.arrestShare), ("hospitalized_share", \.hospitalizedShare),
            ("beds_shortfall_per_100k", \.bedsShortfallPer100k),
        ]
        #expect(table.rows.count == rows.count)
        var compared = 0
        for (row, written) in zip(rows, table.rows) {
            for (column, path) in columns {
                let read = try #require(written[column].flatMap(Double.init), "\(column) '\(written[column] ?? "")'")
                #expect(read.bitPattern == row[keyPath: path]!.bitPattern, "\(column): \(row[keyPath: path]!) wrote \(written[column]!)")
                compared += 1
            }
            for (column, value) in [("access_2sfca", row.access2SFCA), ("access_e2sfca", row.accessE2SFCA), ("score", row.score)] {
                #expect(written[column].flatMap(Double.init)?.bitPattern == value.bitPattern, "\(column): \(value)")
                compared += 1
            }
        }
        #expect(compared == 5_200)
    }

    /// The density CSV: every cell's latitude, longitude and density read back equal what was computed.
    @Test func densityCSVNumbersReadBackExactly() throws {
        var generator = SplitMix64(seed: 7)
        var points = CallPoints()
        for _ in 0..<3_000 {
            points.append(latitude: Double.random(in: 39.70...39.76, using: &generator),
                          longitude: Double.random(in: -105.02 ... -104.94, using: &generator), receivedAt: 0)
        }
        let surface = try DensityEstimator.estimate(points, DensityRequest(cellSize: 150, bandwidth: 400, minCount: 1))
        let text = try DensityFiles.csv(surface)
        let table = try Self.table(text)
        let transform = try CoordinateTransform(from: surface.grid.crs, to: "EPSG:4326")
        var compared = 0
        for written in table.rows {
            let column = try #require(written["col"].flatMap(Int.init)), row = try #require(written["row"].flatMap(Int.init))
            let (x, y) = surface.grid.centre(column: column, row: row)
            let (lon, lat) = try transform.apply(x: x, y: y)
            let index = surface.grid.index(column: column, row: row)
            #expect(written["lat"].flatMap(Double.init)?.bitPattern == lat.bitPattern)
            #expect(written["lon"].flatMap(Double.init)?.bitPattern == lon.bitPattern)
            if let density = written["density"], !density.isEmpty {
                #expect(Double(density)?.bitPattern == surface.density[index].bitPattern, "\(density) vs \(surface.density[index])")
                compared += 1
            }
            compared += 2
        }
        #expect(compared >= 3_000, "\(compared) values compared")
    }

    /// A CSV file's header and rows, by column name; comment lines (the exact mark) skipped.
    static func table(_ text: String) throws -> (header: [String], rows: [[String: String]]) {
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        var parser = CSVParser(bytes: Array(body.utf8))
        guard let header = try parser.next()?.fields else { return ([], []) }
        var rows: [[String: String]] = []
        while let record = try parser.next() {
            rows.append(Dictionary(uniqueKeysWithValues: zip(header, record.fields).map { ($0, $1) }))
        }
        return (header, rows)
    }
}
