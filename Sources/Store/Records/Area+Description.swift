import Foundation

extension Area: DescribedRecord {
    public static let recordDescription = RecordDescription<Area>(
        table: "areas",
        columns: [
            .text("id") { $0.id },
            .text("name") { $0.name },
            .optionalText("kind") { $0.kind?.rawValue },
            .integer("population") { $0.population },
            .extra { $0.extra },
        ],
        geometry: .multiPolygon { $0.geometry }
    ) { row in
        let id = try row.text("id")
        return Area(
            id: id,
            name: try row.text("name"),
            kind: try row.optionalEnum("kind"),
            population: try row.integer("population"),
            geometry: try row.geometry(id: id),
            extra: try row.extra()
        )
    }
}
