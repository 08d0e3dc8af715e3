import Foundation

/// When the call's team (`CrisisCall.teamID`) reached each step: what a
/// county's CAD export holds for a call handled before crisismap saw it,
/// and what crisismap keeps for the call's first team as steps are made.
/// Every measured figure (response, time on scene, hand-off) reads these.
public struct CallTimes: Hashable, Sendable {
    public var assignedAt: Date?
    public var enRouteAt: Date?
    public var onSceneAt: Date?
    public var transportAt: Date?
    public var atFacilityAt: Date?
    public var clearedAt: Date?

    public init(
        assignedAt: Date? = nil, enRouteAt: Date? = nil, onSceneAt: Date? = nil, transportAt: Date? = nil,
        atFacilityAt: Date? = nil, clearedAt: Date? = nil
    ) {
        self.assignedAt = assignedAt
        self.enRouteAt = enRouteAt
        self.onSceneAt = onSceneAt
        self.transportAt = transportAt
        self.atFacilityAt = atFacilityAt
        self.clearedAt = clearedAt
    }

    /// The column (and file field) of each step, in step order.
    public static let columns: [(name: String, step: AssignmentStep, time: any WritableKeyPath<CallTimes, Date?> & Sendable)] = [
        ("assigned_at", .assigned, \.assignedAt),
        ("en_route_at", .enRoute, \.enRouteAt),
        ("on_scene_at", .onScene, \.onSceneAt),
        ("transport_at", .transporting, \.transportAt),
        ("at_facility_at", .atFacility, \.atFacilityAt),
        ("cleared_at", .cleared, \.clearedAt),
    ]

    public var isEmpty: Bool { Self.columns.allSatisfy { self[keyPath: $0.time] == nil } }

    /// The column for a step.
    public static func column(of step: AssignmentStep) -> String { columns.first { $0.step == step }!.name }
}
