import Foundation

/// A 128-bit FNV-1a digest of records' canonical text: every field, in a
/// fixed order, doubles in their shortest exact form, JSON bags with sorted
/// keys. A checksum that two backends compute alike, not a security measure.
struct ContentDigest {
    private var high: UInt64 = 0x6c62_272e_07bb_0142
    private var low: UInt64 = 0x62b8_2175_6295_c58d

    var hex: String { String(format: "%016llx%016llx", high, low) }

    mutating func add(_ batch: StoreContentBatch) {
        switch batch {
        case .facilities(let rows): rows.forEach { add(fields: $0.canonicalFields) }
        case .teams(let rows): rows.forEach { add(fields: $0.canonicalFields) }
        case .calls(let rows): rows.forEach { add(fields: $0.canonicalFields) }
        case .areas(let rows): rows.forEach { add(fields: $0.canonicalFields) }
        case .keys(let rows): rows.forEach { add(fields: $0.canonicalFields) }
        case .audit(let rows): rows.forEach { add(fields: $0.canonicalFields) }
        case .roads(let rows, _): rows.forEach { add(fields: $0.canonicalFields) }
        case .privacySettings(let settings): add(fields: settings.canonicalFields)
        case .releases(let rows): rows.forEach { add(fields: $0.canonicalFields) }
        case .releaseCounts(let node, let rows): rows.forEach { add(fields: [node] + $0.canonicalFields) }
        }
    }

    private mutating func add(fields: [String?]) {
        for field in fields {
            add(bytes: field.map { Array($0.utf8) } ?? [0xFF])
            add(bytes: [0x1F])
        }
        add(bytes: [0x1E])
    }

    /// FNV-1a over 128 bits (prime 2^88 + 2^8 + 0x3b), in two 64-bit halves.
    private mutating func add(bytes: [UInt8]) {
        for byte in bytes {
            low ^= UInt64(byte)
            // (high, low) *= 0x0000000001000000_000000000000013B
            let (productHigh, productLow) = low.multipliedFullWidth(by: 0x13B)
            let carry = productHigh &+ high &* 0x13B &+ (low << 24)
            high = carry
            low = productLow
        }
    }
}

private func text(_ value: Double?) -> String? { value.map { "\($0)" } }
private func text(_ value: Int?) -> String? { value.map { "\($0)" } }
private func text(_ value: Date?) -> String? { value.map { "\($0.timeIntervalSince1970)" } }
private func text(_ list: [String]) -> String { list.joined(separator: "\u{1D}") }
private func text(_ extra: [String: JSONValue]) -> String { JSONColumn.encode(extra) }

extension Facility {
    var canonicalFields: [String?] {
        [id, name, kind.rawValue, text(location.latitude), text(location.longitude), address, phone,
         text(accepts.map(\.rawValue)), text(ageMin), text(ageMax), text(services.map(\.rawValue)), text(languages),
         text(payers), timeZone, hours?.text, text(bedsTotal), text(bedsAvailable), text(availabilityUpdatedAt), text(extra)]
    }
}

extension Team {
    var canonicalFields: [String?] {
        [id, callSign, model.rawValue, status.rawValue, text(location.latitude), text(location.longitude), text(fixAt),
         text(skills), agency, text(extra)]
    }
}

extension CrisisCall {
    var canonicalFields: [String?] {
        [id, text(receivedAt), category.rawValue, text(location.latitude), text(location.longitude), text(priority),
         disposition?.rawValue, teamID, facilityID, text(extra)]
    }
}

extension Area {
    var canonicalFields: [String?] {
        [id, name, kind?.rawValue, text(population), geometry.wellKnownBinary.base64EncodedString(), text(extra)]
    }
}

extension APIKey {
    var canonicalFields: [String?] {
        [id, name, role.rawValue, salt.base64EncodedString(), secretHash.base64EncodedString(), text(createdAt),
         text(revokedAt), facilityID, teamID]
    }
}

extension AuditEntry {
    var canonicalFields: [String?] {
        [text(at), keyID, role?.rawValue, method, endpoint, subject, text(status), outcome, query]
    }
}

extension RoadEdge {
    var canonicalFields: [String?] {
        ["\(id)", "\(from)", "\(to)", geometry.map { "\($0.latitude) \($0.longitude)" }.joined(separator: ","),
         text(lengthMetres), text(speedKmh), direction.rawValue, highway, name, "\(osmWayID)"]
    }
}

extension PrivacySettings {
    /// The secret only as its SHA-256: checksums are printed, the secret never is.
    var canonicalFields: [String?] {
        [SHA256.hash(secret).map { String(format: "%02x", $0) }.joined(), text(epsilon), timeZone, grid, text(createdAt)]
    }
}

extension ReleaseRecord {
    var canonicalFields: [String?] {
        [node, text(start), text(end), text(releasedAt), parameters]
    }
}

extension ReleaseCount {
    var canonicalFields: [String?] {
        [view, unit, "\(bin)", "\(noisy)"]
    }
}
