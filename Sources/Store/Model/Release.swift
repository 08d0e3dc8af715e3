import Foundation

/// What a store's private releases rest on: the secret that fixes their
/// noise, the privacy budget one call may spend, the local time zone that
/// decides where a month begins and the release grid. Made once (at `init`
/// or the first release) and copied with the store, never shown.
public struct PrivacySettings: Sendable, Hashable {
    /// 32 bytes from the system's secure generator: the key of the noise PRF.
    public var secret: [UInt8]
    /// One call's total privacy loss over every view and level it appears in.
    public var epsilon: Double
    /// IANA zone of the months; nil until `init --timezone` or the first release fixes it.
    public var timeZone: String?
    /// The release grid as JSON, fixed by the first release so every release shares it.
    public var grid: String?
    public var createdAt: Date

    public init(secret: [UInt8], epsilon: Double, timeZone: String?, grid: String?, createdAt: Date) {
        self.secret = secret
        self.epsilon = epsilon
        self.timeZone = timeZone
        self.grid = grid
        self.createdAt = createdAt
    }

    /// Fresh settings with a new secret from the system's secure generator.
    public static func fresh(epsilon: Double, timeZone: String?, now: Date = Date()) -> PrivacySettings {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return PrivacySettings(secret: secret, epsilon: epsilon, timeZone: timeZone, grid: nil, createdAt: now)
    }
}

/// One frozen release: a closed month, quarter or year of calls, counted in
/// every view with noise fixed at release.
public struct ReleaseRecord: Sendable, Hashable {
    /// `2026-03` (a month), `2026-Q1` (a quarter) or `2026` (a year).
    public var node: String
    /// Its first instant and the first instant after it, in the store's zone.
    public var start: Date
    public var end: Date
    public var releasedAt: Date
    /// What the release was made with, as JSON (views and their epsilons, grid, areas).
    public var parameters: String

    public init(node: String, start: Date, end: Date, releasedAt: Date, parameters: String) {
        self.node = node
        self.start = start
        self.end = end
        self.releasedAt = releasedAt
        self.parameters = parameters
    }
}

/// One noisy count of a release: calls of `view` in `unit` (a grid cell
/// `column:row` or an area id) and `bin` (a category, an hour band...),
/// plus the noise fixed for that key. Only units with calls are stored; the
/// noise of every other unit comes from the same keyed function on demand.
public struct ReleaseCount: Sendable, Hashable {
    public var view: String
    public var unit: String
    public var bin: Int
    public var noisy: Int64

    public init(view: String, unit: String, bin: Int, noisy: Int64) {
        self.view = view
        self.unit = unit
        self.bin = bin
        self.noisy = noisy
    }
}
