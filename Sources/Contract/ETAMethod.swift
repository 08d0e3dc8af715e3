/// How an ETA was found: every recommendation, ranking and coverage answer
/// names it (`eta_method`), so a reader knows whether a figure is a drive
/// time over the imported roads or the straight-line estimate.
public enum ETAMethod: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// Geodesic distance times a circuity factor, over an average speed.
    case straightLine = "straight_line"
    /// Drive time over the imported OpenStreetMap roads.
    case roadNetwork = "road_network"

    public var description: String { rawValue }
}
