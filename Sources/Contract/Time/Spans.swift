import Foundation

/// Spans of time people type (`--max-fix-age 10m`, `since=30d`).
public enum Spans {
    /// The longest span accepted: 100 years. `1e30d` is a typo, not a span,
    /// and would overflow the date it is added to or taken from.
    public static let longest: TimeInterval = 100 * 365.25 * 86_400
}
