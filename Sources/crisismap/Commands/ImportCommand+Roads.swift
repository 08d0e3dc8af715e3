import Foundation
import Interchange
import Store

extension ImportCommand {
    /// `crisismap import roads FILE`: the file's drivable roads replace the
    /// store's network; the counts and every reason a way was left out are printed.
    func importRoads() async throws {
        let opened = try await store.open()
        let started = Date()
        let progressLine = RoadProgressLine(file: (file as NSString).lastPathComponent)
        let report: RoadImportReport
        do {
            report = try await RoadImporter(store: opened).importFile(file) { progressLine.handle($0) }
        } catch {
            progressLine.finish()
            throw error
        }
        progressLine.finish()
        let seconds = Date().timeIntervalSince(started)
        if json {
            print(try RoadImportText.json(report, seconds: seconds))
        } else {
            print(RoadImportText.lines(report, seconds: seconds).joined(separator: "\n"))
        }
    }
}

/// The words and JSON a road import prints.
enum RoadImportText {
    static func lines(_ report: RoadImportReport, seconds: Double) -> [String] {
        let stored = report.stored
        let extraction = report.extraction
        var lines = [
            "imported roads from \(extraction.file): \(Format.count(stored.edgeCount)) edges between "
                + "\(Format.count(stored.nodeCount)) nodes, \(kilometres(stored.totalLengthMetres)) km of road, "
                + "\(Format.count(stored.oneWayEdgeCount)) one-way edges (\(Format.seconds(seconds)))",
            "read \(Format.count(extraction.waysRead)) ways and \(Format.count(extraction.nodesRead)) nodes; "
                + "kept \(Format.count(extraction.keptWays)) of \(Format.count(extraction.highwayWays)) highway ways",
        ]
        if extraction.clippedWays > 0 {
            lines.append("kept \(Format.count(extraction.clippedWays)) ways in part: some of their nodes are not in the file (an extract cut at its border)")
        }
        guard extraction.skippedCount > 0 else { return lines }
        lines.append("left out \(Format.count(extraction.skippedCount)) highway ways:")
        for reason in extraction.skipped.keys.sorted() {
            var line = "  \(reason.words): \(Format.count(extraction.skipped[reason] ?? 0))"
            if reason == .notDrivable {
                let classes = extraction.notDrivableClasses.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                line += " (" + classes.map { "\($0.key) \(Format.count($0.value))" }.joined(separator: ", ") + ")"
            }
            if reason == .missingNodes, !extraction.missingNodeExamples.isEmpty {
                let more = (extraction.skipped[reason] ?? 0) > extraction.missingNodeExamples.count ? ", ..." : ""
                line += " (ways " + extraction.missingNodeExamples.map(String.init).joined(separator: ", ") + more + ")"
            }
            lines.append(line)
        }
        return lines
    }

    static func json(_ report: RoadImportReport, seconds: Double) throws -> String {
        let stored = report.stored
        let extraction = report.extraction
        let object: [String: Any] = [
            "kind": "roads", "file": extraction.file, "import_id": stored.importID,
            "edges": stored.edgeCount, "nodes": stored.nodeCount, "oneway_edges": stored.oneWayEdgeCount,
            "length_km": (stored.totalLengthMetres).rounded() / 1000,
            "ways_read": extraction.waysRead, "nodes_read": extraction.nodesRead,
            "highway_ways": extraction.highwayWays, "kept_ways": extraction.keptWays, "clipped_ways": extraction.clippedWays,
            "skipped": Dictionary(uniqueKeysWithValues: extraction.skipped.map { ($0.key.rawValue, $0.value) }),
            "not_drivable_classes": extraction.notDrivableClasses,
            "missing_node_ways": extraction.missingNodeExamples,
            "seconds": (seconds * 1000).rounded() / 1000,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func kilometres(_ metres: Double) -> String {
        let formatted = String(format: "%.1f", metres / 1000)
        guard let point = formatted.firstIndex(of: "."), let whole = Int(formatted[..<point]) else { return formatted }
        return Format.count(whole) + formatted[point...]
    }
}

extension RoadSkipReason {
    var words: String {
        switch self {
        case .notDrivable: "not drivable"
        case .underConstruction: "under construction or proposed"
        case .area: "areas (area=yes)"
        case .accessRestricted: "closed to motor vehicles (access)"
        case .missingNodes: "nodes missing from the file"
        case .degenerate: "fewer than two nodes"
        }
    }
}
