import Foundation
import Testing

/// README.md's worked example, run as written: its files, its commands, its
/// printed figures, and the hand computation redone from what the commands export.
@Suite struct ReadmeExampleTests {
    struct Example {
        var files: [String: String] = [:]
        var commands: [[String]] = []
        var expected: (file: String, text: String)?
    }

    /// The fenced blocks between `<!-- worked-example -->` and `<!-- /worked-example -->`,
    /// each named by the comment line before it (`file: NAME`, `run`, `expected: NAME`).
    static func example() throws -> Example {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- worked-example -->"), "README.md has no worked example")
        let end = try #require(readme.range(of: "<!-- /worked-example -->"))
        let lines = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var example = Example()
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            guard line.hasPrefix("<!-- "), line.hasSuffix(" -->"), index < lines.count, lines[index].hasPrefix("```") else { continue }
            let label = String(line.dropFirst(5).dropLast(4))
            index += 1
            var block: [String] = []
            while index < lines.count, !lines[index].hasPrefix("```") {
                block.append(lines[index])
                index += 1
            }
            index += 1
            let text = block.joined(separator: "\n") + "\n"
            if label.hasPrefix("file: ") {
                example.files[String(label.dropFirst(6))] = text
            } else if label == "run" {
                example.commands = block.filter { $0.hasPrefix("crisismap ") }.map { $0.split(separator: " ").dropFirst().map(String.init) }
            } else if label.hasPrefix("expected: ") {
                example.expected = (String(label.dropFirst(10)), text)
            }
        }
        return example
    }

    static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0).map { ($0, $1) }) }
    }

    @Test func theWorkedExampleRunsAsWrittenAndMatchesTheHandComputation() throws {
        let example = try Self.example()
        #expect(example.files.keys.sorted() == ["beds.csv", "tracts.geojson"])
        #expect(example.commands.count >= 4)
        let expected = try #require(example.expected, "the example names the file it shows")
        try Workspace.with { workspace in
            for (name, text) in example.files { try workspace.write(name, text) }
            for command in example.commands {
                let result = try workspace.runArguments(command)
                try #require(result.status == 0, "crisismap \(command.joined(separator: " ")): \(result.stderr)")
            }
            // What README.md shows is what the command wrote, digit for digit.
            let written = Self.rows(try String(contentsOfFile: workspace.path(expected.file), encoding: .utf8))
            let shown = Self.rows(expected.text)
            #expect(!shown.isEmpty)
            for row in shown {
                let id = try #require(row["area_id"])
                let actual = try #require(written.first { $0["area_id"] == id }, "\(expected.file) has no row \(id)")
                for (column, value) in row { #expect(actual[column] == value, "\(id) \(column): README \(value), file \(actual[column] ?? "none")") }
            }

            // The hand computation, redone from the exports alone: 2SFCA with a 10 km catchment.
            let facilities = Self.rows(try String(contentsOfFile: workspace.path("facilities.csv"), encoding: .utf8))
            let areasJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.path("areas.geojson")))) as? [String: Any]
            let features = try #require(areasJSON?["features"] as? [[String: Any]])
            let tracts: [(id: String, people: Double, lat: Double, lon: Double)] = try features.map { feature in
                let properties = try #require(feature["properties"] as? [String: Any])
                let ring = try #require(((feature["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
                let corners = ring.dropLast()   // a square's centroid is the mean of its corners
                return (try #require(properties["id"] as? String), try #require(properties["population"] as? Double),
                        corners.map { $0[1] }.reduce(0, +) / Double(corners.count), corners.map { $0[0] }.reduce(0, +) / Double(corners.count))
            }
            let supplyKinds: Set = ["crisis_stabilization", "crisis_residential", "behavioral_health_urgent_care"]
            let sites = facilities.filter { supplyKinds.contains($0["kind"] ?? "") }.map { row in
                (beds: max(Double(row["beds_total"] ?? "") ?? 1, 1), lat: Double(row["lat"]!)!, lon: Double(row["lon"]!)!)
            }
            #expect(sites.count == 3, "R1, R2 and R3 are supply; O1 is not")
            func reaches(_ tract: (id: String, people: Double, lat: Double, lon: Double), _ site: (beds: Double, lat: Double, lon: Double)) -> Bool {
                Self.haversineMetres(tract.lat, tract.lon, site.lat, site.lon) <= 10_000
            }
            let ratios = sites.map { site in
                let reached = tracts.filter { reaches($0, site) }.map(\.people).reduce(0, +)
                return reached > 0 ? site.beds / reached : 0
            }
            for tract in tracts {
                let byHand = zip(sites, ratios).filter { reaches(tract, $0.0) }.map(\.1).reduce(0, +) * 100_000
                let computed = try #require(written.first { $0["area_id"] == tract.id }?["access_2sfca"].flatMap(Double.init))
                #expect(abs(computed - byHand) < 1e-9, "\(tract.id): crisismap \(computed), by hand \(byHand)")
                #expect(byHand > 0, "crisis residential beds are supply")
            }
        }
    }

    static func haversineMetres(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180, dLat = (lat2 - lat1) * radians, dLon = (lon2 - lon1) * radians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_008.8 * asin(a.squareRoot())
    }
}
