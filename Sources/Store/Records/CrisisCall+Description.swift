import Foundation

extension CrisisCall: DescribedRecord {
    public static let recordDescription = RecordDescription<CrisisCall>(
        table: "calls",
        columns: [
            .text("id") { $0.id },
            .time("received_at") { $0.receivedAt },
            .text("category") { $0.category.rawValue },
            .optionalInteger("priority") { $0.priority },
            .optionalText("disposition") { $0.disposition?.rawValue },
            .optionalText("team_id") { $0.teamID },
            .optionalText("facility_id") { $0.facilityID },
            .optionalTime("assigned_at") { $0.times.assignedAt },
            .optionalTime("en_route_at") { $0.times.enRouteAt },
            .optionalTime("on_scene_at") { $0.times.onSceneAt },
            .optionalTime("transport_at") { $0.times.transportAt },
            .optionalTime("at_facility_at") { $0.times.atFacilityAt },
            .optionalTime("cleared_at") { $0.times.clearedAt },
            .real("lat") { $0.location.latitude },
            .real("lon") { $0.location.longitude },
            .extra { $0.extra },
        ],
        geometry: .point { $0.location }
    ) { row in
        CrisisCall(
            id: try row.text("id"),
            receivedAt: try row.time("received_at"),
            category: try row.enumValue("category"),
            location: try row.coordinate(),
            priority: try row.optionalInteger("priority"),
            disposition: try row.optionalEnum("disposition"),
            teamID: try row.optionalText("team_id"),
            facilityID: try row.optionalText("facility_id"),
            times: CallTimes(
                assignedAt: try row.optionalTime("assigned_at"), enRouteAt: try row.optionalTime("en_route_at"),
                onSceneAt: try row.optionalTime("on_scene_at"), transportAt: try row.optionalTime("transport_at"),
                atFacilityAt: try row.optionalTime("at_facility_at"), clearedAt: try row.optionalTime("cleared_at")),
            extra: try row.extra()
        )
    }
}
