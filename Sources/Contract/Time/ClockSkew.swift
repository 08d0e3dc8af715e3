import Foundation
import Store

/// How far ahead of this machine's clock a reported time may be.
///
/// A device with a wrong clock that reports `fix_at: 2099-01-01` would
/// otherwise hold its team at that place for good: the fix never goes stale
/// and every later, real fix is "older than stored". Times a little ahead
/// are normal (clocks drift by seconds); beyond the allowance they are refused.
public struct ClockSkew: Sendable, Hashable {
    public static let defaultAllowance: TimeInterval = 120

    /// Seconds a time may run ahead of the clock here.
    public var allowance: TimeInterval

    public init(allowance: TimeInterval = Self.defaultAllowance) {
        self.allowance = allowance
    }

    /// Whether `date` is too far ahead of `now`.
    public func isAhead(_ date: Date, of now: Date) -> Bool {
        date.timeIntervalSince(now) > allowance
    }

    /// The problem with `field` holding `date`, or nil when it is not too far ahead.
    public func problem(field: String, date: Date, now: Date = Date()) -> FieldError? {
        guard isAhead(date, of: now) else { return nil }
        let ahead = date.timeIntervalSince(now)
        let wholeSecond = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        return FieldError(field: field, message: "\(RFC3339.format(date)) is \(Self.describe(ahead)) ahead of the clock here "
            + "(\(RFC3339.format(wholeSecond))); at most \(Self.describe(allowance)) is allowed (--max-clock-skew): is the sender's clock set?")
    }

    /// Every live time of `record` that runs too far ahead.
    public func problems(in record: some ClockedRecord, now: Date = Date()) -> [FieldError] {
        record.clockedTimes.compactMap { problem(field: $0.field, date: $0.date, now: now) }
    }

    /// `90 s`, `3 min`, `5.2 h`, `73 years`: a skew in the unit a person reads first.
    static func describe(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<600: String(format: "%.0f s", seconds)
        case ..<7200: String(format: "%.0f min", seconds / 60)
        case ..<(2 * 86_400): String(format: "%.1f h", seconds / 3600)
        case ..<(2 * 365.25 * 86_400): String(format: "%.0f days", seconds / 86_400)
        default: String(format: "%.0f years", seconds / (365.25 * 86_400))
        }
    }
}

/// A record carrying times reported by a clock elsewhere (a device, a bed
/// board, a CAD), which must not run ahead of the clock here.
public protocol ClockedRecord {
    var clockedTimes: [(field: String, date: Date)] { get }
}

extension FieldReader {
    /// A reported time that must not run ahead of the clock here by more than `skew`.
    public mutating func date(_ name: String, required: Bool = false, notAheadBy skew: ClockSkew, now: Date = Date()) -> Date? {
        guard let date = date(name, required: required) else { return nil }
        if let problem = skew.problem(field: name, date: date, now: now) {
            fail(problem.field, problem.message)
            return nil
        }
        return date
    }
}

extension Team: ClockedRecord {
    public var clockedTimes: [(field: String, date: Date)] { [("fix_at", fixAt)] }
}

extension Facility: ClockedRecord {
    public var clockedTimes: [(field: String, date: Date)] {
        availabilityUpdatedAt.map { [("availability_updated_at", $0)] } ?? []
    }
}

extension CrisisCall: ClockedRecord {
    public var clockedTimes: [(field: String, date: Date)] { [("received_at", receivedAt)] }
}

extension Area: ClockedRecord {
    /// Areas carry no reported times.
    public var clockedTimes: [(field: String, date: Date)] { [] }
}
