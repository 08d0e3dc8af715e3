import Foundation
import GeoCore
import Store

/// A problem in a source that did not stop the import but that the user
/// should see: a field nothing could be made of, a row left out.
public struct ImportWarning: Hashable, Sendable, CustomStringConvertible {
    public var detail: ImportError
    public var description: String { detail.description }
}

/// Reads an Open Referral HSDS 3.0 directory (the CSV tables of the
/// specification's tabular format) into facilities: each location that
/// offers at least one service (`service_at_location.csv`) is a facility.
///
/// Fields: id = location id; name = location name, else the organization's;
/// kind, services and intake from taxonomy terms and attribute labels
/// (`HSDSTerms`); ages from services' `minimum_age`/`maximum_age`; languages
/// from `languages.csv`; first phone; physical address; hours from
/// `schedules.csv` (`HSDSSchedule`); time zone from the schedules' `timezone`
/// when it is an IANA name, else from --timezone. HSDS has no bed counts.
struct HSDSDirectoryReader {
    let folder: URL
    /// IANA zone for locations whose schedules do not name one.
    let timeZone: String?
    /// The date schedule validity windows are judged on.
    let reference: Date

    func read() throws(ImportError) -> (facilities: [Facility], locations: [SourceLocation], warnings: [ImportWarning]) {
        let locations = try HSDSTable(named: "locations.csv", in: folder)
        guard !locations.rows.isEmpty else {
            throw ImportError(file: folder.lastPathComponent, message: "no locations.csv with rows: not an HSDS 3.0 directory")
        }
        let organizations = try HSDSTable(named: "organizations.csv", in: folder).byID()
        let services = try HSDSTable(named: "services.csv", in: folder).byID()
        let serviceAtLocation = try HSDSTable(named: "service_at_location.csv", in: folder)
        let schedules = try HSDSTable(named: "schedules.csv", in: folder)
        let phones = try HSDSTable(named: "phones.csv", in: folder)
        let addresses = try HSDSTable(named: "addresses.csv", in: folder).grouped(by: "location_id")
        let languages = try HSDSTable(named: "languages.csv", in: folder)
        let attributes = try HSDSTable(named: "attributes.csv", in: folder).grouped(by: "link_id")
        let terms = try HSDSTable(named: "taxonomy_terms.csv", in: folder).byID()

        var warnings: [ImportWarning] = []
        func warn(_ table: String, _ row: HSDSTable.Row, _ field: String, _ message: String) {
            warnings.append(ImportWarning(detail: ImportError(
                file: table, location: .line(row.line), field: field, message: message)))
        }

        let offered = serviceAtLocation.grouped(by: "location_id")
        var facilities: [Facility] = []
        var sources: [SourceLocation] = []
        for location in locations.rows {
            guard let id = location["id"] else {
                throw ImportError(file: "locations.csv", location: .line(location.line), field: "id", message: "is required but missing")
            }
            let links = offered[id] ?? []
            guard !links.isEmpty else {
                warn("locations.csv", location, "id", "location '\(id)' offers no service (service_at_location.csv); not a facility")
                continue
            }
            let serviceIDs = links.compactMap { $0["service_id"] }
            let linkIDs = Set([id] + serviceIDs + links.compactMap { $0["id"] })
            let coordinate = try position(of: location)

            // Taxonomy terms and attribute labels attached to the location, its services or their links.
            var termNames: [String] = []
            var termRows: [String: HSDSTable.Row] = [:]
            for linkID in linkIDs.sorted() {
                for attribute in attributes[linkID] ?? [] {
                    var names: [String] = []
                    if let termID = attribute["taxonomy_term_id"], let term = terms[termID] {
                        names.append(term["name"] ?? term["code"] ?? termID)
                    } else if let termID = attribute["taxonomy_term_id"] {
                        warn("attributes.csv", attribute, "taxonomy_term_id", "term '\(termID)' is not in taxonomy_terms.csv")
                    }
                    if let label = attribute["value"] ?? attribute["label"] { names.append(label) }
                    for name in names where termRows[name] == nil { termRows[name] = attribute }
                    termNames += names
                }
            }
            let classified = HSDSTerms.classify(termNames)
            for unused in Set(classified.unused).sorted() {
                warn("attributes.csv", termRows[unused] ?? location, "taxonomy_term_id",
                     "'\(unused)' (location \(id)) maps to no facility field; not imported")
            }
            let kind = classified.kind ?? {
                warn("locations.csv", location, "taxonomy", "no term of location '\(id)' names a facility kind; taken as outpatient")
                return .outpatient
            }()

            let scheduleRows = schedules.rows.filter { row in
                row["location_id"] == id || row["service_at_location_id"].map(linkIDs.contains) == true
                    || (row["location_id"] == nil && row["service_id"].map(serviceIDs.contains) == true)
            }
            let zone = try zoneName(for: id, location: location, schedules: scheduleRows)
            var hours: OpeningHours?
            let localZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
            if let text = HSDSSchedule.openingHours(scheduleRows, on: reference, in: localZone, warn: { warn("schedules.csv", $0, $1, $2) }) {
                do { hours = try OpeningHours(parsing: text) } catch {
                    warn("schedules.csv", scheduleRows[0], "opens_at", "schedule '\(text)' is unusable: \(error); left out")
                }
            } else {
                warn("locations.csv", location, "schedules", "no usable schedule for location '\(id)': it will be treated as open 24/7")
            }

            let offeredServices = serviceIDs.compactMap { services[$0] }
            let ages = (offeredServices.compactMap { $0["minimum_age"].flatMap(Int.init) }.min(),
                        offeredServices.compactMap { $0["maximum_age"].flatMap(Int.init) }.max())
            let spoken = languages.rows.filter { row in
                row["location_id"] == id || row["service_id"].map(serviceIDs.contains) == true
            }.compactMap { $0["code"] ?? $0["name"] }
            let phone = (phones.rows.first { $0["location_id"] == id }
                         ?? phones.rows.first { $0["service_id"].map(serviceIDs.contains) == true })?["number"]
            let addressRows = addresses[id] ?? []
            let address = (addressRows.first { $0["address_type"]?.lowercased() == "physical" } ?? addressRows.first).map { row in
                [row["address_1"], row["address_2"], row["city"], row["state_province"], row["postal_code"]]
                    .compactMap { $0 }.joined(separator: ", ")
            }
            let organization = location["organization_id"].flatMap { organizations[$0] }
            guard let name = location["name"] ?? organization?["name"] else {
                throw ImportError(file: "locations.csv", location: .line(location.line), field: "name",
                                  message: "location '\(id)' has no name and no organization name")
            }
            facilities.append(Facility(
                id: id, name: name, kind: kind, location: coordinate, address: address, phone: phone,
                accepts: classified.accepts, ageMin: ages.0, ageMax: ages.1, services: classified.services,
                languages: Array(Set(spoken)).sorted(), payers: [], timeZone: zone, hours: hours,
                extra: ["hsds_organization_id": location["organization_id"].map(JSONValue.string) ?? .null]
                    .filter { $0.value != .null }))
            sources.append(.tableLine(table: "locations.csv", line: location.line))
        }
        return (facilities, sources, warnings)
    }

    private func position(of row: HSDSTable.Row) throws(ImportError) -> Coordinate {
        for field in ["latitude", "longitude"] where row[field] == nil {
            throw ImportError(file: "locations.csv", location: .line(row.line), field: field,
                              message: "is required: a facility without coordinates cannot be ranked by distance")
        }
        guard let lat = Double(row["latitude"]!), let lon = Double(row["longitude"]!) else {
            throw ImportError(file: "locations.csv", location: .line(row.line), field: "latitude",
                              message: "'\(row["latitude"]!)', '\(row["longitude"]!)' are not numbers")
        }
        do {
            return try Coordinate(latitude: lat, longitude: lon)
        } catch {
            throw ImportError(file: "locations.csv", location: .line(row.line),
                              field: error.axis == .latitude ? "latitude" : "longitude", message: error.description)
        }
    }

    /// HSDS 3.0 gives `timezone` as a UTC offset, which cannot say when
    /// daylight saving applies; an IANA name there is used, else --timezone.
    private func zoneName(for id: String, location: HSDSTable.Row, schedules: [HSDSTable.Row]) throws(ImportError) -> String {
        if let named = schedules.compactMap({ $0["timezone"] }).first(where: { $0.contains("/") && TimeZone(identifier: $0) != nil }) {
            return named
        }
        if let timeZone { return timeZone }
        throw ImportError(file: "locations.csv", location: .line(location.line), field: "timezone",
                          message: "no IANA time zone for location '\(id)' (schedules give none); pass --timezone, e.g. --timezone America/Denver")
    }
}
