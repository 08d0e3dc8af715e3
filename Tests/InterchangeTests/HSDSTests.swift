import Contract
import Foundation
import SpatiaLiteStore
import Store
import Testing
import ZIPFoundation
@testable import Interchange
import TestSupport

@Suite struct HSDSScheduleTests {
    let reference = RFC3339.parse("2026-11-22T21:00:00Z")!

    func row(_ values: [String: String], line: Int = 2) -> HSDSTable.Row {
        HSDSTable.Row(line: line, values: values)
    }

    func convert(_ rows: [HSDSTable.Row]) -> (String?, [String]) {
        var warnings: [String] = []
        let text = HSDSSchedule.openingHours(rows, on: reference, in: TimeZone(identifier: "America/Denver")!) { _, field, message in
            warnings.append("\(field): \(message)")
        }
        return (text, warnings)
    }

    @Test func wholeDaysEveryDayAre24Seven() {
        let (text, warnings) = convert([row(["freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59"])])
        #expect(text == "24/7")
        #expect(warnings.isEmpty)
    }

    @Test func weekdayRowsMergeIntoRanges() {
        let (text, _) = convert([
            row(["freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "08:00:00", "closes_at": "17:00:00"]),
            row(["freq": "WEEKLY", "byday": "SA", "opens_at": "10:00", "closes_at": "14:00"]),
        ])
        #expect(text == "Mo-Fr 08:00-17:00; Sa 10:00-14:00")
    }

    @Test func overnightAndSeveralSpansADay() throws {
        let (text, _) = convert([
            row(["byday": "FR,SA", "opens_at": "20:00", "closes_at": "08:00"]),
            row(["byday": "MO,WE", "opens_at": "09:00", "closes_at": "12:00"]),
            row(["byday": "MO,WE", "opens_at": "13:00", "closes_at": "17:00"]),
        ])
        #expect(text == "Mo,We 09:00-12:00,13:00-17:00; Fr,Sa 20:00-08:00")
        let hours = try OpeningHours(parsing: try #require(text))
        let denver = TimeZone(identifier: "America/Denver")!
        #expect(hours.isOpen(at: RFC3339.parse("2026-11-21T07:00:00-07:00")!, in: denver))   // Saturday morning, from Friday
    }

    @Test func dateLimitedRowsCountOnlyInsideTheirWindow() {
        let winter = row(["freq": "DAILY", "valid_from": "2026-11-01", "valid_to": "2027-03-31", "opens_at": "17:00", "closes_at": "09:00"])
        let summer = row(["freq": "DAILY", "valid_from": "2026-06-01", "valid_to": "2026-08-31", "opens_at": "10:00", "closes_at": "16:00"], line: 3)
        let (text, warnings) = convert([winter, summer])
        #expect(text == "Mo-Su 17:00-09:00")
        #expect(warnings.count == 1 && warnings[0].contains("valid only until 2026-08-31"))
    }

    @Test func timesWithAZoneSuffixAreRead() {
        let (text, _) = convert([row(["byday": "MO", "opens_at": "09:00-07:00", "closes_at": "17:00Z"])])
        #expect(text == "Mo 09:00-17:00")
    }

    @Test func validityIsJudgedOnTheLocalDate() {
        // 2026-11-22T21:00Z is still 22 November in Denver; a row valid until the 22nd counts.
        let (text, warnings) = convert([row(["byday": "MO", "valid_to": "2026-11-22", "opens_at": "09:00", "closes_at": "17:00"])])
        #expect(text == "Mo 09:00-17:00" && warnings.isEmpty)
        let (_, ended) = convert([row(["byday": "MO", "valid_to": "2026-11-21", "opens_at": "09:00", "closes_at": "17:00"])])
        #expect(ended == ["valid_to: valid only until 2026-11-21; left out (import date 2026-11-22)"])
    }

    @Test func recurrencePartsWeeklyHoursCannotSayAreReported() {
        let (text, warnings) = convert([
            row(["byday": "MO", "interval": "2", "opens_at": "09:00", "closes_at": "17:00"]),
            row(["byday": "TU", "until": "2026-01-01", "opens_at": "09:00", "closes_at": "17:00"], line: 3),
            row(["byday": "WE", "bymonthday": "1", "opens_at": "09:00", "closes_at": "17:00"], line: 4),
            row(["byday": "TH", "opens_at": "00:00", "closes_at": "00:00"], line: 5),
        ])
        #expect(text == nil)
        #expect(warnings.map { $0.prefix { $0 != ":" } } == ["interval", "until", "bymonthday", "closes_at"])
    }

    @Test func rowsThatCannotBeWeeklyHoursAreReported() {
        let (text, warnings) = convert([
            row(["freq": "MONTHLY", "byday": "1SA", "opens_at": "10:00", "closes_at": "14:00"]),
            row(["freq": "WEEKLY", "opens_at": "10:00", "closes_at": "14:00"], line: 3),
            row(["freq": "WEEKLY", "byday": "MO", "opens_at": "soon"], line: 4),
        ])
        #expect(text == nil)
        #expect(warnings.count == 3)
        #expect(warnings[0].hasPrefix("freq: MONTHLY"))
    }
}

@Suite struct HSDSImportTests {
    static let sample: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("GeoData/hsds")
    }()

    func temporaryStore() throws -> (SpatiaLiteStore, URL) {
        let directory = try TemporaryFolder.make("hsds")
        return (try SpatiaLiteStore(path: directory.appendingPathComponent("s.sqlite").path, mode: .createIfMissing), directory)
    }

    let options = ImportOptions(referenceDate: RFC3339.parse("2026-11-22T21:00:00Z")!)

    @Test func theSampleDirectoryBecomesFacilities() async throws {
        let (store, directory) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try await Importer(store: store).importFile(Self.sample.path, kind: .facilities, options: options)
        #expect(report.rows == 6 && report.inserted == 6)

        let centre = try #require(try await store.facilities.record(id: "loc-1"))
        #expect(centre.name == "Front Range Crisis Relief Center")
        #expect(centre.kind == .crisisStabilization)
        #expect(centre.accepts == [.lawEnforcementDropoff, .walkIn, .noRefusal])
        #expect(centre.services == [.mentalHealth])
        #expect(centre.ageMin == 18 && centre.ageMax == nil)
        #expect(centre.languages == ["en", "es"])
        #expect(centre.phone == "303-555-0141")
        #expect(centre.address == "1501 Colfax Ave, Denver, CO, 80218")
        #expect(centre.timeZone == "America/Denver")
        #expect(centre.hours?.text == "24/7")
        #expect(centre.location.latitude == 39.742 && centre.location.longitude == -104.987)

        let shelter = try #require(try await store.facilities.record(id: "loc-3"))
        #expect(shelter.kind == .shelter)
        #expect(shelter.hours?.text == "Mo-Th,Su 19:00-07:00; Fr,Sa 20:00-08:00")
        #expect(try await store.facilities.record(id: "loc-4")?.hours?.text == "Mo-Su 17:00-09:00")
        let clinic = try #require(try await store.facilities.record(id: "loc-6"))
        #expect(clinic.kind == .outpatient && clinic.services == [.mentalHealth, .substanceUse])
        #expect(try await store.facilities.record(id: "loc-7") == nil)

        let warnings = report.warnings.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("schedules.csv: line 10: field 'freq': MONTHLY") })
        #expect(warnings.contains { $0.hasPrefix("attributes.csv: line 12:") && $0.contains("Pet Friendly") })
        #expect(warnings.contains { $0.hasPrefix("locations.csv: line 8:") && $0.contains("offers no service") })
    }

    @Test func aZipOfTheDirectoryImportsTheSame() async throws {
        let (store, directory) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let zip = directory.appendingPathComponent("directory.zip")
        try FileManager.default.zipItem(at: Self.sample, to: zip)   // tables inside a top folder, as publishers do
        let report = try await Importer(store: store).importFile(zip.path, kind: .facilities, options: options)
        #expect(report.inserted == 6)
        #expect(try await store.facilities.record(id: "loc-5")?.kind == .detox)
    }

    @Test func aLocationWithoutCoordinatesStopsTheImportAndNamesIt() async throws {
        let (store, directory) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("hsds")
        try FileManager.default.copyItem(at: Self.sample, to: copy)
        let locations = copy.appendingPathComponent("locations.csv")
        let text = try String(contentsOf: locations, encoding: .utf8).replacingOccurrences(of: ",39.7105,-104.9502,", with: ",,-104.9502,")
        try text.write(to: locations, atomically: true, encoding: .utf8)
        await #expect {
            try await Importer(store: store).importFile(copy.path, kind: .facilities, options: options)
        } throws: { error in
            (error as? ImportError)?.description == "locations.csv: line 3: field 'latitude': is required: a facility without coordinates cannot be ranked by distance"
        }
        #expect(try await store.facilities.count() == 0)
    }

    @Test func withoutAnIANAZoneTheUserIsAskedForOne() async throws {
        let (store, directory) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("hsds")
        try FileManager.default.copyItem(at: Self.sample, to: copy)
        let schedules = copy.appendingPathComponent("schedules.csv")
        let text = try String(contentsOf: schedules, encoding: .utf8).replacingOccurrences(of: "America/Denver", with: "-7")
        try text.write(to: schedules, atomically: true, encoding: .utf8)
        await #expect {
            try await Importer(store: store).importFile(copy.path, kind: .facilities, options: options)
        } throws: { error in
            "\(error)".contains("field 'timezone'") && "\(error)".contains("--timezone")
        }
        var withZone = options
        withZone.timeZone = "America/Denver"
        #expect(try await Importer(store: store).importFile(copy.path, kind: .facilities, options: withZone).inserted == 6)
    }

    @Test func rowsWithoutTrailingEmptyColumnsAreAccepted() async throws {
        let (store, directory) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("hsds")
        try FileManager.default.copyItem(at: Self.sample, to: copy)
        let locations = copy.appendingPathComponent("locations.csv")
        // Some exporters stop a row at its last non-empty field.
        let trimmed = try String(contentsOf: locations, encoding: .utf8)
            .split(separator: "\n").map { $0.hasSuffix(",,") ? String($0.dropLast(2)) : String($0) }
            .joined(separator: "\n") + "\n"
        try trimmed.write(to: locations, atomically: true, encoding: .utf8)
        #expect(try await Importer(store: store).importFile(copy.path, kind: .facilities, options: options).inserted == 6)
    }
}
