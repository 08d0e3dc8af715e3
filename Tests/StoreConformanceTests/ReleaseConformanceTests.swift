import Foundation
import Store
import Testing
import TestSupport

/// Private releases and their settings: stored, frozen, and carried by copies.
@Suite struct ReleaseConformanceTests {
    static let january = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z
    static let february = Date(timeIntervalSince1970: 1_769_904_000)
    static let april = Date(timeIntervalSince1970: 1_774_944_000)
    static let nextYear = Date(timeIntervalSince1970: 1_798_761_600)

    static func settings(_ seed: UInt8, epsilon: Double = 8) -> PrivacySettings {
        PrivacySettings(secret: (0..<32).map { seed &+ UInt8($0) }, epsilon: epsilon, timeZone: nil, grid: nil,
                        createdAt: Date(timeIntervalSince1970: 1_767_000_000.25))
    }

    static func release(_ node: String, start: Date = january, end: Date = february, parameters: String = #"{"views":["cells"]}"#)
        -> ReleaseRecord
    {
        ReleaseRecord(node: node, start: start, end: end, releasedAt: Date(timeIntervalSince1970: 1_771_000_000.123_456_7),
                      parameters: parameters)
    }

    /// `perView` counts in each of two views, shuffled, with units whose byte order differs from numeric order.
    static func counts(perView: Int, seed: UInt64 = 7) -> [ReleaseCount] {
        var generator = SplitMix64(seed: seed)
        var counts: [ReleaseCount] = []
        for view in ["cells", "areas"] {
            for i in 0..<perView {
                counts.append(ReleaseCount(view: view, unit: "\(i / 5 % 1_000):\(i / 5_000)", bin: i % 5 - 1,
                                           noisy: Int64(generator.next() % 40) - 3))
            }
        }
        return counts.shuffled(using: &generator)
    }

    @Test(arguments: Backend.allCases)
    func theFirstSettingsWinAndOnlyZoneAndGridChange(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        #expect(try await store.releases.privacySettings() == nil)
        let first = Self.settings(1)
        #expect(try await store.releases.initPrivacySettings(first) == first)
        #expect(try await store.releases.initPrivacySettings(Self.settings(2, epsilon: 4)) == first, "the first writer wins")
        try await store.releases.updatePrivacySettings(timeZone: "America/Denver", grid: #"{"cell":250}"#)
        var expected = first
        (expected.timeZone, expected.grid) = ("America/Denver", #"{"cell":250}"#)
        #expect(try await store.releases.privacySettings() == expected)
        #expect(try await store.isEmpty(), "settings alone are not data a copy would overwrite")
        await opened.close()
    }

    /// Two processes on one database (two pools on PostGIS) agree on one secret.
    @Test(arguments: Backend.allCases)
    func racingInitsAgree(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let other = try await opened.place.open(mode: .existing)
        let stores = [opened.store, other]
        let results = try await withThrowingTaskGroup(of: PrivacySettings.self) { group in
            for index in 0..<8 {
                group.addTask { try await stores[index % 2].releases.initPrivacySettings(Self.settings(UInt8(index))) }
            }
            return try await group.reduce(into: Set<PrivacySettings>()) { $0.insert($1) }
        }
        #expect(results.count == 1)
        #expect(try await opened.store.releases.privacySettings() == results.first)
        await other.close()
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func countsReadBackByViewInUnitThenBinByteOrder(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let counts = Self.counts(perView: 600) + [
            ReleaseCount(view: "cells", unit: "Z", bin: 0, noisy: 1),
            ReleaseCount(view: "cells", unit: "a", bin: 0, noisy: 2),
            ReleaseCount(view: "cells", unit: "\u{00E9}", bin: 0, noisy: 3),
            ReleaseCount(view: "cells", unit: "z", bin: -2, noisy: -4),
        ]
        #expect(try await store.releases.saveRelease(Self.release("2026-01"), counts: counts))
        let expected = counts.filter { $0.view == "cells" }.sorted {
            ($0.unit.utf8.lexicographicallyPrecedes($1.unit.utf8)) || ($0.unit == $1.unit && $0.bin < $1.bin)
        }
        #expect(try await store.releases.releaseCounts(node: "2026-01", view: "cells") == expected)
        #expect(try await store.releases.releaseCounts(node: "2026-01", view: "areas").count == 600)
        #expect(try await store.releases.releaseCounts(node: "2026-01", view: "nope").isEmpty)
        #expect(try await store.releases.releaseCounts(node: "2026-02", view: "cells").isEmpty)
        #expect(try await store.releases.releases() == [Self.release("2026-01")])
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func aNodeIsReleasedOnceAndThenFrozen(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let counts = Self.counts(perView: 50)
        #expect(try await store.releases.saveRelease(Self.release("2026-01"), counts: counts))
        let before = try await store.releases.releaseCounts(node: "2026-01", view: "cells")
        let rival = Self.release("2026-01", parameters: #"{"views":["other"]}"#)
        #expect(try await !store.releases.saveRelease(rival, counts: Self.counts(perView: 80, seed: 9)))
        #expect(try await store.releases.releases() == [Self.release("2026-01")])
        #expect(try await store.releases.releaseCounts(node: "2026-01", view: "cells") == before)
        #expect(try await store.tableCounts()["release_counts"] == 100)
        await opened.close()
    }

    /// Servers sharing the database (two pools on PostGIS) make the same release: one wins.
    @Test(arguments: Backend.allCases)
    func racingSavesOfOneNodeStoreOne(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let other = try await opened.place.open(mode: .existing)
        let stores = [opened.store, other]
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await stores[index % 2].releases.saveRelease(Self.release("2026-01"), counts: Self.counts(perView: 2_000, seed: UInt64(index)))
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await opened.store.tableCounts()["release_counts"] == 4_000)
        await other.close()
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func aFailedSaveLeavesNothing(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        var counts = Self.counts(perView: 300)
        counts.append(ReleaseCount(view: counts[10].view, unit: counts[10].unit, bin: counts[10].bin, noisy: 99))
        await #expect {
            try await store.releases.saveRelease(Self.release("2026-01"), counts: counts)
        } throws: { error in
            guard case StoreError.invalidRecord(600, "unit", let reason) = error else { return false }
            return reason.contains("appears twice")
        }
        #expect(try await store.releases.releases().isEmpty)
        #expect(try await store.releases.releaseCounts(node: "2026-01", view: "cells").isEmpty)
        #expect(try await store.isEmpty())
        #expect(try await store.releases.saveRelease(Self.release("2026-01"), counts: Array(counts.dropLast())),
                "the node is still free after the failure")
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func releasesAreOrderedByStartThenNode(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let records = [
            Self.release("2026-02", start: Self.february, end: Self.april),
            Self.release("2026-Q1", start: Self.january, end: Self.april),
            Self.release("2026-01"),
            Self.release("2026", start: Self.january, end: Self.nextYear),
        ]
        for record in records { #expect(try await store.releases.saveRelease(record, counts: [])) }
        #expect(try await store.releases.releases().map(\.node) == ["2026", "2026-01", "2026-Q1", "2026-02"])
        await opened.close()
    }

    static func fill(_ store: any CrisisStore, secret: UInt8, largeCounts: Int) async throws {
        _ = try await store.releases.initPrivacySettings(settings(secret))
        try await store.releases.updatePrivacySettings(timeZone: "America/Denver", grid: #"{"cell":250,"origin":[1,2]}"#)
        #expect(try await store.releases.saveRelease(release("2026-01"), counts: counts(perView: largeCounts / 2)))
        #expect(try await store.releases.saveRelease(release("2026-02", start: february, end: april), counts: counts(perView: 40, seed: 3)))
        #expect(try await store.releases.saveRelease(release("2026-Q1", start: january, end: april), counts: []))
    }

    /// A release larger than a copy's page (20,000 counts) crosses both backends and back.
    @Test func releasesCopyFromTheFileToPostGISAndBack() async throws {
        let file = try await Backend.spatiaLite.opened()
        try await Self.fill(file.store, secret: 5, largeCounts: 45_000)
        _ = try await file.store.calls.upsert([Fixtures.call("C1")])
        let state = try await Backend.postGIS.opened()
        let laptop = try await Backend.spatiaLite.opened()
        let empty = try await laptop.store.tableChecksums()
        let toState = try await state.store.load(file.store.contents(), progress: nil)
        #expect(toState["release_counts"] == 45_080 && toState["releases"] == 3 && toState["privacy_settings"] == 1)
        _ = try await laptop.store.load(state.store.contents(), progress: nil)
        let sums = try await file.store.tableChecksums()
        for copy in [state.store, laptop.store] {
            #expect(try await copy.tableCounts() == file.store.tableCounts())
            #expect(try await copy.tableChecksums() == sums)
            #expect(try await copy.releases.privacySettings() == file.store.releases.privacySettings())
            #expect(try await copy.releases.releases() == file.store.releases.releases())
            #expect(try await copy.releases.releaseCounts(node: "2026-01", view: "areas")
                        == file.store.releases.releaseCounts(node: "2026-01", view: "areas"))
        }
        for table in ["privacy_settings", "releases", "release_counts"] { #expect(sums[table] != empty[table]) }
        try await laptop.store.releases.updatePrivacySettings(timeZone: "America/Chicago", grid: nil)
        #expect(try await laptop.store.tableChecksums()["privacy_settings"] != sums["privacy_settings"],
                "the settings are part of the checksum")
        await laptop.close()
        await state.close()
        await file.close()
    }

    @Test(arguments: Backend.allCases)
    func aDestinationWithAnotherSecretsReleasesRefusesTheCopy(_ backend: Backend) async throws {
        let source = try await Backend.spatiaLite.opened()
        try await Self.fill(source.store, secret: 5, largeCounts: 400)
        let destination = try await backend.opened()
        _ = try await destination.store.releases.initPrivacySettings(Self.settings(77))
        #expect(try await destination.store.releases.saveRelease(Self.release("2025-12"), counts: Self.counts(perView: 10)))
        let before = try await destination.store.tableChecksums()
        await #expect {
            try await destination.store.load(source.store.contents(), progress: nil)
        } throws: { error in
            guard case StoreError.database(_, let message) = error else { return false }
            return message.contains("another privacy secret") && message.contains("cannot be merged")
        }
        #expect(try await destination.store.tableChecksums() == before, "nothing of the refused copy is kept")
        await destination.close()
        await source.close()
    }

    /// Settings without releases give way to the source's; a merge of the same releases again keeps them.
    @Test(arguments: Backend.allCases)
    func aDestinationWithoutReleasesTakesTheSourcesSettings(_ backend: Backend) async throws {
        let source = try await Backend.spatiaLite.opened()
        try await Self.fill(source.store, secret: 5, largeCounts: 400)
        let destination = try await backend.opened()
        _ = try await destination.store.releases.initPrivacySettings(Self.settings(77, epsilon: 2))
        #expect(try await destination.store.isEmpty())
        _ = try await destination.store.load(source.store.contents(), progress: nil)
        #expect(try await destination.store.tableChecksums() == source.store.tableChecksums())
        _ = try await destination.store.load(source.store.contents(), progress: nil)
        #expect(try await destination.store.tableChecksums() == source.store.tableChecksums(), "the same releases again change nothing")
        await destination.close()
        await source.close()
    }

    @Test(arguments: Backend.allCases)
    func anotherReleaseOfANodeAlreadyThereIsRefused(_ backend: Backend) async throws {
        let source = try await Backend.spatiaLite.opened()
        try await Self.fill(source.store, secret: 5, largeCounts: 400)
        let destination = try await backend.opened()
        _ = try await destination.store.load(source.store.contents(), progress: nil)
        let later = try await backend.opened()
        _ = try await later.store.releases.initPrivacySettings(try #require(try await source.store.releases.privacySettings()))
        var redone = Self.release("2026-02", start: Self.february, end: Self.april)
        redone.releasedAt = Date(timeIntervalSince1970: 1_772_000_000)
        #expect(try await later.store.releases.saveRelease(redone, counts: Self.counts(perView: 3)))
        await #expect {
            try await destination.store.load(later.store.contents(), progress: nil)
        } throws: { error in
            guard case StoreError.database(_, let message) = error else { return false }
            return message.contains("another release of 2026-02")
        }
        await later.close()
        await destination.close()
        await source.close()
    }
}
