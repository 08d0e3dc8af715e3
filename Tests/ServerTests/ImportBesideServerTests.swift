import Foundation
import Testing
import TestSupport

/// A million-call `crisismap import` beside a running server on the same
/// SpatiaLite file holds the write lock for most of its run. Live updates
/// meanwhile are 200 or 503 with Retry-After, never 500, and every update
/// answered 200 is in the store afterwards.
@Suite struct ImportBesideServerTests {
    static let calls = 1_000_000

    /// `count` calls over the Denver metro, one line each, built as bytes
    /// (string interpolation of a million lines is slow in a debug build).
    static func callsCSV(_ count: Int) -> Data {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count * 90)
        bytes += Array("id,received_at,category,priority,disposition,team_id,facility_id,lat,lon\n".utf8)
        var generator = SplitMix64(seed: 2026_12_04)
        let categories = ["psychiatric", "overdose", "welfare_check", "suicide_risk"].map { Array($0.utf8) }
        for index in 0..<count {
            let random = generator.next()
            bytes += Array("B\(index),2026-0\(1 + index % 9)-1\(index % 10)T0\(index % 10):15:00Z,".utf8)
            bytes += categories[Int(random % 4)]
            let lat = 39.6 + Double(random >> 40 & 0xFFFF) / 65_536 * 0.3
            let lon = -105.1 + Double(random >> 20 & 0xFFFF) / 65_536 * 0.3
            bytes += Array(",\(1 + random % 5),,,,\(String(lat.description.prefix(8))),\(String(lon.description.prefix(9)))\n".utf8)
        }
        return Data(bytes)
    }

    @Test func liveUpdatesDuringAMillionCallImportAre200Or503AndNone200IsLost() throws {
        let server = try LiveServer()
        let path = server.directory.appendingPathComponent("million.csv")
        try Self.callsCSV(Self.calls).write(to: path)
        let importer = try ChildProcess(TestPaths.crisismap.path, ["import", "calls", path.path, "--db", server.db],
                                        directory: server.directory.path)

        var statuses: [Int: Int] = [:]
        var lastApplied: (fixAt: String, lat: Double)?
        var step = 0
        let started = Date()
        // Updates until the import has ended, then a few more: each a newer fix.
        var after = 0
        while after < 3, Date().timeIntervalSince(started) < 600 {
            if !importer.isRunning { after += 1 }
            step += 1
            let fixAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
            let lat = 39.70 + Double(step % 1_000) / 10_000
            let answer = try server.send("PUT", "/v1/teams/T1/position", as: "device",
                                         body: #"{"lat":\#(lat),"lon":-104.98,"fix_at":"\#(fixAt)"}"#)
            statuses[answer.status, default: 0] += 1
            if answer.status == 503 {
                #expect(answer.headers["retry-after"] == "2", "503 says when to retry")
            }
            if answer.status == 200, answer.object["applied"] as? Bool == true { lastApplied = (fixAt, lat) }
            usleep(50_000)
        }
        let imported = importer.collect()
        #expect(imported.termination == .success,
                "the import: \(String(decoding: imported.stderr, as: UTF8.self))")
        #expect(Set(statuses.keys).isSubset(of: [200, 503]), "answers by status: \(statuses)")
        #expect(statuses[200, default: 0] >= 3, "updates after the import are applied: \(statuses)")

        // What the store holds (not the server's memory) is the last update answered 200.
        #expect(server.terminate() == 0)
        let exported = try server.cli("export", "teams", "--format", "csv")
        let row = try #require(exported.split(separator: "\n").first { $0.hasPrefix("T1,") }, "\(exported)")
        let last = try #require(lastApplied)
        #expect(row.contains(String(last.fixAt.dropLast())), "stored: \(row); last applied: \(last.fixAt)")
        let storedLat = row.split(separator: ",").dropLast().last.flatMap { Double($0) }
        #expect(storedLat.map { abs($0 - last.lat) < 1e-9 } == true, "stored: \(row); last applied lat \(last.lat)")
        #expect(String(decoding: imported.stdout, as: UTF8.self).contains("imported 1,000,000 calls"))
    }
}
