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
            extra: try row.extra()
        )
    }
}
