import Foundation
import Store
import Testing
import TestSupport

/// A record table changed outside crisismap is refused when the store opens,
/// naming the table and the column (the SpatiaLite side is in StoreTests,
/// which can reach into the file with GRDB).
@Suite struct SchemaCheckConformanceTests {
    @Test(arguments: [
        ("ALTER TABLE facilities RENAME COLUMN phone TO telephone", "facilities", "phone", "the column is missing"),
        ("ALTER TABLE calls ALTER COLUMN priority TYPE text", "calls", "priority", "declared text, expected integer"),
        ("ALTER TABLE teams ALTER COLUMN agency SET NOT NULL", "teams", "agency", "declared NOT NULL, expected nullable"),
        ("ALTER TABLE areas ADD COLUMN owner text NOT NULL", "areas", "owner", "a NOT NULL column without a default that crisismap does not write"),
    ])
    func postGISRefusesATableChangedOutsideCrisismap(_ change: (sql: String, table: String, column: String, reason: String)) async throws {
        let place = try Backend.Place(.postGIS)
        let made = try await place.open(mode: .createIfMissing)
        await made.close()
        try PostgresTestDatabase.psql(place.location, change.sql)
        await #expect(throws: StoreError.schemaMismatch(location: place.location, table: change.table, column: change.column, reason: change.reason)) {
            try await place.open(mode: .existing)
        }
    }

    @Test(arguments: Backend.allCases)
    func aStoreCrisismapMadeReopens(_ backend: Backend) async throws {
        let place = try Backend.Place(backend)
        let made = try await place.open(mode: .createIfMissing)
        await made.close()
        let reopened = try await place.open(mode: .existing)
        #expect(try await reopened.facilities.count() == 0)
        await reopened.close()
    }
}
