import Foundation

/// `status_at` is not described: the live-state feed owns it (see LiveStateStore).
extension Team: DescribedRecord {
    public static let recordDescription = RecordDescription<Team>(
        table: "teams",
        columns: [
            .text("id") { $0.id },
            .optionalText("call_sign") { $0.callSign },
            .text("model") { $0.model.rawValue },
            .text("status") { $0.status.rawValue },
            .real("lat") { $0.location.latitude },
            .real("lon") { $0.location.longitude },
            .time("fix_at") { $0.fixAt },
            .list("skills") { $0.skills },
            .optionalText("agency") { $0.agency },
            .extra { $0.extra },
        ],
        geometry: .point { $0.location }
    ) { row in
        Team(
            id: try row.text("id"),
            callSign: try row.optionalText("call_sign"),
            model: try row.enumValue("model"),
            status: try row.enumValue("status"),
            location: try row.coordinate(),
            fixAt: try row.time("fix_at"),
            skills: try row.list("skills"),
            agency: try row.optionalText("agency"),
            extra: try row.extra()
        )
    }
}
