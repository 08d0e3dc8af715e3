import Foundation
import Interchange

/// A road import's progress as one terminal line: which of the two passes
/// over the file is running and how far through the file it is.
final class RoadProgressLine: Sendable {
    private let line: ProgressLine
    private let name: String
    private let start = Date()

    init(file name: String, line: ProgressLine = ProgressLine()) {
        self.name = name
        self.line = line
    }

    func handle(_ event: RoadImportProgress) {
        let elapsed = Format.seconds(Date().timeIntervalSince(start))
        switch event {
        case .readingWays(let fraction, let kept):
            line.update("\(name): pass 1 of 2, ways: \(percent(fraction)), \(Format.count(kept)) roads kept (\(elapsed))")
        case .readingNodes(let fraction):
            line.update("\(name): pass 2 of 2, node positions: \(percent(fraction)) (\(elapsed))")
        case .building(let ways):
            line.update("\(name): cutting \(Format.count(ways)) roads into edges at junctions (\(elapsed))", force: true)
        case .writing(let edges):
            line.update("\(name): writing \(Format.count(edges)) edges to the store (\(elapsed))", force: true)
        }
    }

    func finish() { line.finish() }

    private func percent(_ fraction: Double) -> String {
        "\(Int((min(max(fraction, 0), 1) * 100).rounded(.down)))%"
    }
}
