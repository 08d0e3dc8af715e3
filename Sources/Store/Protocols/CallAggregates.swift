import Foundation
import GeoCore

/// Which calls an aggregate (a heat map, a per-area figure) is made of.
public struct CallFilter: Sendable, Hashable {
    /// Calls received at or after this time.
    public var since: Date?
    /// Calls received before this time.
    public var until: Date?
    /// Only these categories; nil for all.
    public var categories: Set<CallCategory>?
    /// Only calls inside this box (degrees).
    public var box: BoundingBox?

    public init(since: Date? = nil, until: Date? = nil, categories: Set<CallCategory>? = nil, box: BoundingBox? = nil) {
        self.since = since
        self.until = until
        self.categories = categories
        self.box = box
    }
}

/// Call locations and times as parallel arrays: what density and per-area
/// figures need, a million at a time, without building a record per call.
public struct CallPoints: Sendable {
    public var latitudes: [Double] = []
    public var longitudes: [Double] = []
    /// Seconds since 1970.
    public var receivedAt: [Double] = []
    /// How each call ended, where recorded.
    public var dispositions: [Disposition?] = []

    public init() {}

    public var count: Int { latitudes.count }

    public mutating func append(latitude: Double, longitude: Double, receivedAt time: Double, disposition: Disposition? = nil) {
        latitudes.append(latitude)
        longitudes.append(longitude)
        receivedAt.append(time)
        dispositions.append(disposition)
    }

    /// The calls whose index passes `keep`.
    public func filter(_ keep: (Int) -> Bool) -> CallPoints {
        var kept = CallPoints()
        for index in 0..<count where keep(index) {
            kept.append(latitude: latitudes[index], longitude: longitudes[index], receivedAt: receivedAt[index],
                        disposition: dispositions[index])
        }
        return kept
    }
}

/// Reads calls in bulk for aggregates. Single calls are sensitive; this
/// interface hands out positions only to code that aggregates them.
public protocol CallAggregateSource: Sendable {
    func callPoints(matching filter: CallFilter) async throws -> CallPoints
    /// When the earliest call was received (releases start with its month); nil without calls.
    func earliestCallTime() async throws -> Date?
}
