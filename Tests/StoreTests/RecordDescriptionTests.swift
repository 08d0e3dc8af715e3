import Foundation
import GeoCore
import Store
import Testing
import TestSupport

extension RecordDescription {
    /// The record's column values, in `columns` order, as a backend binds them.
    fileprivate func values(of record: Record) -> [ColumnValue] {
        columns.map { $0.value(record) }
    }
}

/// A row held in memory, as a backend would hand it over: the described
/// values by column name, and the geometry as WKB.
private struct MemoryRow: ColumnRow {
    var values: [String: ColumnValue]
    var wkb: Data?

    init<Record: DescribedRecord>(_ record: Record) {
        let description = Record.recordDescription
        values = Dictionary(uniqueKeysWithValues: zip(description.columnNames, description.values(of: record)))
        if case .multiPolygon(let geometry) = description.geometry { wkb = geometry(record).wellKnownBinary }
    }

    func text(_ column: String) throws -> String? {
        switch values[column] ?? .null {
        case .null: nil
        case .text(let text): text
        case let other: throw UnreadableColumn(column: column, found: "\(other)")
        }
    }

    func integer(_ column: String) throws -> Int? {
        switch values[column] ?? .null {
        case .null: nil
        case .integer(let integer): integer
        case let other: throw UnreadableColumn(column: column, found: "\(other)")
        }
    }

    func real(_ column: String) throws -> Double? {
        switch values[column] ?? .null {
        case .null: nil
        case .real(let real): real
        case let other: throw UnreadableColumn(column: column, found: "\(other)")
        }
    }

    func wellKnownBinary() throws -> Data? { wkb }
}

@Suite struct RecordDescriptionTests {
    /// What a description writes, its decoder reads back: the two halves
    /// cannot drift apart without this failing.
    @Test func everyRecordReadsBackWhatItsDescriptionWrites() throws {
        let facility = Fixtures.facility("F1")
        #expect(try Facility.recordDescription.decode(MemoryRow(facility)) == facility)
        var bare = Fixtures.facility("F2")
        (bare.address, bare.phone, bare.hours, bare.bedsTotal, bare.availabilityUpdatedAt) = (nil, nil, nil, nil, nil)
        #expect(try Facility.recordDescription.decode(MemoryRow(bare)) == bare)
        let team = Fixtures.team("T1")
        #expect(try Team.recordDescription.decode(MemoryRow(team)) == team)
        let call = Fixtures.call("C1")
        #expect(try CrisisCall.recordDescription.decode(MemoryRow(call)) == call)
        let area = Fixtures.area("A1")
        #expect(try Area.recordDescription.decode(MemoryRow(area)) == area)
    }

    @Test func everyStoredTableIsDescribedOnceForBothBackendsToCheck() {
        func table<Record: DescribedRecord>(_: Record.Type) -> String { Record.recordDescription.table }
        #expect(DescribedRecords.all.map { table($0) } == ["facilities", "teams", "calls", "areas"])
    }

    @Test func valuesFollowTheColumnsInOrder() {
        let description = CrisisCall.recordDescription
        let values = description.values(of: Fixtures.call("C1"))
        #expect(description.columnNames == [
            "id", "received_at", "category", "priority", "disposition", "team_id", "facility_id",
            "assigned_at", "en_route_at", "on_scene_at", "transport_at", "at_facility_at", "cleared_at", "lat", "lon", "extra",
        ])
        #expect(values[0] == .text("C1"))
        #expect(values[1] == .real(Fixtures.noon.timeIntervalSince1970))
        #expect(values[3] == .integer(2))
        #expect(values[6] == .null)
        #expect(values[7] == .null, "no timeline")
        #expect(values[15] == .text(#"{"source":"cad"}"#))
    }

    @Test func aNullWhereTheRecordAllowsNoneNamesTableAndColumn() {
        var row = MemoryRow(Fixtures.team("T1"))
        row.values["model"] = .null
        #expect(throws: StoreError.database(location: "teams", message: "column model is NULL, which the record does not allow")) {
            try Team.recordDescription.decode(row)
        }
    }

    @Test func aValueOfAnotherTypeNamesTableAndColumn() {
        var row = MemoryRow(Fixtures.call("C1"))
        row.values["priority"] = .text("high")
        #expect {
            try CrisisCall.recordDescription.decode(row)
        } throws: { error in
            guard case StoreError.database(let location, let message) = error else { return false }
            return location == "calls" && message.hasPrefix("column priority holds")
        }
    }
}

/// The open-time comparison with a backend's catalog, on catalogs made by hand.
@Suite struct RecordDescriptionCheckTests {
    private let location = "/tmp/store.sqlite"

    /// The catalog crisismap's own DDL gives for a record's table.
    private func catalog<Record: DescribedRecord>(of _: Record.Type) -> [CatalogColumn] {
        [CatalogColumn(name: "pk", declaredType: "INTEGER", type: .integer, isNullable: true, fillsItself: true)]
            + Record.recordDescription.columns.map {
                CatalogColumn(name: $0.name, declaredType: $0.type.rawValue.uppercased(), type: $0.type,
                              isNullable: $0.isNullable, fillsItself: false)
            }
    }

    @Test func theTablesCrisismapMakesPass() throws {
        try Facility.recordDescription.check(catalog: catalog(of: Facility.self), geometryType: "POINT", location: location)
        try Team.recordDescription.check(catalog: catalog(of: Team.self), geometryType: "POINT", location: location)
        try CrisisCall.recordDescription.check(catalog: catalog(of: CrisisCall.self), geometryType: "POINT", location: location)
        try Area.recordDescription.check(catalog: catalog(of: Area.self), geometryType: "MULTIPOLYGON", location: location)
    }

    @Test func aMissingColumnIsNamed() {
        let columns = catalog(of: Facility.self).filter { $0.name != "phone" }
        #expect(throws: StoreError.schemaMismatch(location: location, table: "facilities", column: "phone", reason: "the column is missing")) {
            try Facility.recordDescription.check(catalog: columns, geometryType: "POINT", location: location)
        }
    }

    @Test func aRetypedColumnIsNamed() {
        let columns = catalog(of: CrisisCall.self).map {
            $0.name == "priority" ? CatalogColumn(name: "priority", declaredType: "TEXT", type: .text, isNullable: true, fillsItself: false) : $0
        }
        #expect(throws: StoreError.schemaMismatch(location: location, table: "calls", column: "priority", reason: "declared TEXT, expected integer")) {
            try CrisisCall.recordDescription.check(catalog: columns, geometryType: "POINT", location: location)
        }
    }

    @Test func aChangedNullabilityIsNamed() {
        let columns = catalog(of: Team.self).map {
            $0.name == "agency" ? CatalogColumn(name: "agency", declaredType: "TEXT", type: .text, isNullable: false, fillsItself: false) : $0
        }
        #expect(throws: StoreError.schemaMismatch(location: location, table: "teams", column: "agency", reason: "declared NOT NULL, expected nullable")) {
            try Team.recordDescription.check(catalog: columns, geometryType: "POINT", location: location)
        }
    }

    @Test func theGeometryColumnIsChecked() {
        #expect(throws: StoreError.schemaMismatch(location: location, table: "areas", column: "geom", reason: "registered as POLYGON, expected MULTIPOLYGON")) {
            try Area.recordDescription.check(catalog: catalog(of: Area.self), geometryType: "POLYGON", location: location)
        }
        #expect(throws: StoreError.schemaMismatch(location: location, table: "calls", column: "geom", reason: "no POINT geometry column is registered")) {
            try CrisisCall.recordDescription.check(catalog: catalog(of: CrisisCall.self), geometryType: nil, location: location)
        }
    }

    @Test func aRequiredColumnCrisismapDoesNotWriteIsNamed() {
        let columns = catalog(of: Area.self)
            + [CatalogColumn(name: "owner", declaredType: "TEXT", type: .text, isNullable: false, fillsItself: false)]
        #expect(throws: StoreError.schemaMismatch(location: location, table: "areas", column: "owner", reason: "a NOT NULL column without a default that crisismap does not write")) {
            try Area.recordDescription.check(catalog: columns, geometryType: "MULTIPOLYGON", location: location)
        }
    }

    @Test func aMissingTableIsNamed() {
        #expect(throws: StoreError.schemaMismatch(location: location, table: "teams", column: "*", reason: "the table is missing")) {
            try Team.recordDescription.check(catalog: [], geometryType: nil, location: location)
        }
    }
}
