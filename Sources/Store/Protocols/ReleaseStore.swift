import Foundation

/// Private releases and the settings behind them, as both backends keep them.
public protocol ReleaseStore: Sendable {
    /// The store's privacy settings; nil until some were made.
    func privacySettings() async throws -> PrivacySettings?

    /// Stores `settings` when the store has none; returns what the store
    /// holds afterwards (the first writer wins, so two servers agree).
    func initPrivacySettings(_ settings: PrivacySettings) async throws -> PrivacySettings

    /// Fixes the zone and grid of existing settings (the first release does);
    /// the secret and epsilon never change here.
    func updatePrivacySettings(timeZone: String?, grid: String?) async throws

    /// Every release, ordered by start, then node.
    func releases() async throws -> [ReleaseRecord]

    /// Stores a release and its counts in one transaction; false, with
    /// nothing written, when the node was released already.
    func saveRelease(_ release: ReleaseRecord, counts: [ReleaseCount]) async throws -> Bool

    /// The stored counts of one view of one release, ordered by unit, then bin.
    func releaseCounts(node: String, view: String) async throws -> [ReleaseCount]
}
