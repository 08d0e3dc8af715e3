import Foundation

/// Times relative to the clock now, as RFC 3339 text. Live times from the
/// future are refused (`--max-clock-skew`), so fixtures that must look fresh
/// take a time a little in the past instead of a far-future one.
public enum TestClock {
    /// `seconds` before now, e.g. `TestClock.ago(300)`.
    public static func ago(_ seconds: Double) -> String {
        Date().addingTimeInterval(-seconds).formatted(Date.ISO8601FormatStyle())
    }

    /// A fix stamped five minutes ago: fresh for five more (the default
    /// --max-fix-age is ten), and older than every update a test sends with
    /// `ago(less than 300)`.
    public static var freshFix: String { ago(300) }
}
