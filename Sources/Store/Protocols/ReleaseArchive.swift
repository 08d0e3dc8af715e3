import Foundation

/// What a whole-store copy reads of the releases besides `ReleaseStore`:
/// every count of a release, since the copy cannot know a release's views
/// (they live in its parameters, which only Analytics reads), in pages,
/// since a release of 100,000 calls holds some 500,000 counts.
public protocol ReleaseArchive: ReleaseStore {
    /// Every count of `node`, ordered by view, unit, then bin (byte order in
    /// both backends), handed to `body` up to `size` at a time. One ordered
    /// scan, not a keyset query per page: without statistics yet (a release
    /// just saved), PostgreSQL planned each page as a sort of the whole release.
    func forEachCountPage(node: String, size: Int, _ body: @escaping @Sendable ([ReleaseCount]) async throws -> Void) async throws

    /// How many counts all releases hold together.
    func releaseCountTotal() async throws -> Int
}

extension Array where Element == ReleaseCount {
    /// Indices of the counts in primary-key order (view, unit, bin). Both
    /// B-trees take keys in order three to four times faster than at random
    /// (PostgreSQL: 1.1 s against 3.9 s for 500,000), far more than the
    /// sort costs; indices rather than counts, so a refusal names the
    /// count's place in the caller's array.
    public func keyOrder() -> [Int] {
        indices.sorted { a, b in
            let (left, right) = (self[a], self[b])
            if left.view != right.view { return left.view < right.view }
            if left.unit != right.unit { return left.unit < right.unit }
            return left.bin < right.bin
        }
    }
}

/// The rules by which a load (`crisismap copy`) brings privacy settings and
/// releases into a store that may hold its own, the same in both backends.
/// Noise is a keyed function of the secret: releases of two secrets side by
/// side would tell a planner nothing consistent, and two different
/// releases of one node under one secret would let their difference cancel
/// the noise. So a destination with releases keeps its secret and refuses
/// another's, and a node already released is kept only when it is the very
/// same release (the same one copied before).
public struct ReleaseMerge: Sendable {
    private let location: String
    private var settingsArrived = false
    /// Nodes whose release this load writes, and those the destination already had.
    private var written: Set<String> = []
    private var kept: Set<String> = []

    public init(location: String) {
        self.location = location
    }

    /// The settings the destination is to hold once `incoming` arrives.
    public mutating func settings(
        _ incoming: PrivacySettings, existing: PrivacySettings?, existingReleases: Bool
    ) throws -> PrivacySettings {
        settingsArrived = true
        guard let existing, existingReleases else { return incoming }
        guard existing.secret == incoming.secret else {
            throw refusal("it holds releases made with another privacy secret than the source's, and a store's releases cannot be merged with another secret's; copy into a store without releases")
        }
        guard existing.epsilon == incoming.epsilon else {
            throw refusal("its releases spend epsilon \(existing.epsilon), the source's \(incoming.epsilon); releases of two budgets cannot be merged")
        }
        var merged = existing
        for (name, mine, theirs) in [("time zone", existing.timeZone, incoming.timeZone), ("release grid", existing.grid, incoming.grid)] {
            if let mine, let theirs, mine != theirs {
                throw refusal("its releases follow another \(name) than the source's; releases of two \(name)s cannot be merged")
            }
        }
        merged.timeZone = existing.timeZone ?? incoming.timeZone
        merged.grid = existing.grid ?? incoming.grid
        return merged
    }

    /// Whether to write `incoming`: false when the destination holds the
    /// same release already; throws when it holds another of that node.
    public mutating func admit(
        _ incoming: ReleaseRecord, existing: ReleaseRecord?, destinationHasSettings: Bool
    ) throws -> Bool {
        if !settingsArrived, destinationHasSettings {
            throw refusal("release \(incoming.node) arrives without the privacy settings it was made with, and this store has its own")
        }
        guard let existing else {
            written.insert(incoming.node)
            return true
        }
        guard existing == incoming else {
            throw refusal("it holds another release of \(incoming.node) (released \(existing.releasedAt)); a released node is frozen and never replaced")
        }
        kept.insert(incoming.node)
        return false
    }

    /// Whether to write counts of `node`: only those of a release this load wrote.
    public func admitsCounts(of node: String) throws -> Bool {
        if written.contains(node) { return true }
        if kept.contains(node) { return false }
        throw refusal("counts of release \(node) arrive before the release itself")
    }

    /// What both backends throw for a count whose key came before in the same release.
    package static func repeated(_ count: ReleaseCount, index: Int) -> StoreError {
        .invalidRecord(index: index, field: "unit",
                       reason: "view '\(count.view)' unit '\(count.unit)' bin \(count.bin) appears twice in the release")
    }

    /// The first count whose key came before, if any: how a backend that learns
    /// of a repeat only as a whole-batch failure finds which count it was.
    public static func firstRepeat(in counts: [ReleaseCount]) -> StoreError? {
        struct Key: Hashable {
            var view: String
            var unit: String
            var bin: Int
        }
        var seen = Set<Key>()
        for (index, count) in counts.enumerated() where !seen.insert(Key(view: count.view, unit: count.unit, bin: count.bin)).inserted {
            return repeated(count, index: index)
        }
        return nil
    }

    private func refusal(_ reason: String) -> StoreError {
        .database(location: location, message: "cannot load the releases: \(reason)")
    }
}
