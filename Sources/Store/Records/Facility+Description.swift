import Foundation

extension Facility: DescribedRecord {
    public static let recordDescription = RecordDescription<Facility>(
        table: "facilities",
        columns: [
            .text("id") { $0.id },
            .text("name") { $0.name },
            .text("kind") { $0.kind.rawValue },
            .real("lat") { $0.location.latitude },
            .real("lon") { $0.location.longitude },
            .optionalText("address") { $0.address },
            .optionalText("phone") { $0.phone },
            .list("accepts") { $0.accepts.map(\.rawValue) },
            .optionalInteger("age_min") { $0.ageMin },
            .optionalInteger("age_max") { $0.ageMax },
            .list("services") { $0.services.map(\.rawValue) },
            .list("languages") { $0.languages },
            .list("payers") { $0.payers },
            .text("timezone") { $0.timeZone },
            .optionalText("hours") { $0.hours?.text },
            .optionalInteger("beds_total") { $0.bedsTotal },
            .optionalInteger("beds_available") { $0.bedsAvailable },
            .optionalTime("availability_updated_at") { $0.availabilityUpdatedAt },
            .extra { $0.extra },
        ],
        geometry: .point { $0.location }
    ) { row in
        Facility(
            id: try row.text("id"),
            name: try row.text("name"),
            kind: try row.enumValue("kind"),
            location: try row.coordinate(),
            address: try row.optionalText("address"),
            phone: try row.optionalText("phone"),
            accepts: try row.enums("accepts"),
            ageMin: try row.optionalInteger("age_min"),
            ageMax: try row.optionalInteger("age_max"),
            services: try row.enums("services"),
            languages: try row.list("languages"),
            payers: try row.list("payers"),
            timeZone: try row.text("timezone"),
            hours: try row.optionalText("hours").map { try OpeningHours(parsing: $0) },
            bedsTotal: try row.optionalInteger("beds_total"),
            bedsAvailable: try row.optionalInteger("beds_available"),
            availabilityUpdatedAt: try row.optionalTime("availability_updated_at"),
            extra: try row.extra()
        )
    }
}
