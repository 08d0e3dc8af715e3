import Foundation
import Store
import Testing
import TestSupport

@Suite struct ZZTimingScratch {
    @Test func timeA500kRelease() async throws {
        let backend = Backend(rawValue: ProcessInfo.processInfo.environment["TIMING_BACKEND"] ?? "spatiaLite")!
        let opened = try await backend.opened()
        let counts = ReleaseConformanceTests.counts(perView: 250_000)
        for node in ["2026-01", "2026-02", "2026-03"] {
            let clock = ContinuousClock()
            let start = clock.now
            let saved = try await opened.store.releases.saveRelease(ReleaseConformanceTests.release(node), counts: counts)
            let elapsed = clock.now - start
            let readStart = clock.now
            let read = try await opened.store.releases.releaseCounts(node: node, view: "cells")
            print("TIMING \(backend) \(node) save \(counts.count) counts: \(elapsed) (\(saved)); read \(read.count): \(clock.now - readStart)")
        }
        await opened.close()
    }
}
