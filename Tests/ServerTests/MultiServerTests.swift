import Foundation
import Testing
import TestSupport

/// Two `crisismap serve` processes on one PostGIS database behave as one
/// service: what one accepts, the other uses and streams; the database, not
/// a server's memory, decides which update is newest; keys and the audit
/// trail are shared.
@Suite struct MultiServerTests {
    static let query = #"{"lat":39.9,"lon":-104.6,"limit":1}"#

    static func firstTeam(_ server: LiveServer) throws -> (id: String, distance: Double)? {
        let teams = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: query).object["teams"] as? [String: Any]
        guard let first = (teams?["results"] as? [[String: Any]])?.first, let id = first["id"] as? String,
              let distance = first["distance_m"] as? Double else { return nil }
        return (id, distance)
    }

    @Test func aPositionAcceptedByOneServerIsRankedAndStreamedByTheOther() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url)
        let b = try LiveServer(sharing: a)
        #expect(try Self.firstTeam(b)?.id != "T1")
        let started = Date()
        let text = try b.client.stream("/v1/teams/stream", key: b.keys["dispatcher"]!, readFor: 10, until: #""id":"T1""#) {
            let answer = try a.send("PUT", "/v1/teams/T1/position", as: "deviceT1", body: #"{"lat":39.9,"lon":-104.6,"fix_at":"\#(TestClock.ago(290))"}"#)
            #expect(answer.object["applied"] as? Bool == true, "\(answer)")
        }
        #expect(text.contains(#""change":"position""#) && text.contains(#""lat":39.9"#), "\(text.suffix(400))")
        var seen: (id: String, distance: Double)?
        while Date().timeIntervalSince(started) < 5 {
            seen = try Self.firstTeam(b)
            if seen?.id == "T1" { break }
            usleep(20_000)
        }
        #expect(seen?.id == "T1" && (seen?.distance ?? 1) < 1, "server B ranks T1 at its new place: \(String(describing: seen))")
        #expect(Date().timeIntervalSince(started) < 2, "within a second or so of A accepting it")
    }

    /// A call's lifecycle is the database's: an assignment on A is seen on
    /// B (its state, and its team excluded as assigned), and a step on B on A.
    @Test func twoServersAgreeOnACallsStateWithinASecond() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url)
        let b = try LiveServer(sharing: a)
        let assigned = try a.send("POST", "/v1/calls/C2/assignments", as: "dispatcher",
                                  body: #"{"team_id":"T2","at":"\#(TestClock.ago(60))"}"#)
        #expect(assigned.status == 201, "\(assigned)")
        let started = Date()
        func state(_ server: LiveServer) throws -> String? {
            (try server.send("GET", "/v1/calls/C2", as: "dispatcher").object["properties"] as? [String: Any])?["state"] as? String
        }
        func excludedAsAssigned(_ server: LiveServer) throws -> Bool {
            let teams = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: #"{"lat":39.76,"lon":-104.95}"#)
                .object["teams"] as? [String: Any]
            return (teams?["excluded"] as? [[String: Any]])?.contains {
                $0["id"] as? String == "T2" && ($0["reasons"] as? [String])?.contains("assigned") == true && $0["call_id"] as? String == "C2"
            } == true
        }
        while Date().timeIntervalSince(started) < 5, try state(b) != "assigned" || !excludedAsAssigned(b) { usleep(20_000) }
        #expect(try state(b) == "assigned" && excludedAsAssigned(b))
        #expect(Date().timeIntervalSince(started) < 1.5, "B sees A's assignment within a second or so")

        let moved = try b.send("PUT", "/v1/calls/C2/assignments/T2", as: "dispatcher", body: #"{"step":"on_scene","at":"\#(TestClock.ago(30))"}"#)
        #expect(moved.status == 200, "\(moved)")
        #expect(try state(a) == "on_scene", "the store, not a server's memory, holds the call")
        let again = try a.send("POST", "/v1/calls/C1/assignments", as: "dispatcher", body: #"{"team_id":"T2","at":"\#(TestClock.ago(20))"}"#)
        #expect(again.status == 409 && again.object["call_id"] as? String == "C2", "A knows T2 is on C2: \(again)")
    }

    /// The call stream: a server's own lifecycle changes, and another's.
    @Test func callChangesAreStreamedByBothServers() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url)
        let b = try LiveServer(sharing: a)
        let onB = try b.client.stream("/v1/calls/stream", key: b.keys["dispatcher"]!, readFor: 10, until: #""state":"assigned""#) {
            let answer = try a.send("POST", "/v1/calls/C1/assignments", as: "dispatcher", body: #"{"team_id":"T2","at":"\#(TestClock.ago(60))"}"#)
            #expect(answer.status == 201, "\(answer)")
        }
        #expect(onB.contains("event: call") && onB.contains(#""id":"C1""#) && onB.contains(#""team_id":"T2""#), "\(onB.suffix(400))")
        #expect(!onB.contains("lat"), "the call stream carries states and steps, never a location")
        let onA = try a.client.stream("/v1/calls/stream", key: a.keys["dispatcher"]!, readFor: 10, until: #""state":"en_route""#) {
            let answer = try a.send("PUT", "/v1/calls/C1/assignments/T2", as: "dispatcher", body: #"{"step":"en_route","at":"\#(TestClock.ago(50))"}"#)
            #expect(answer.status == 200, "\(answer)")
        }
        #expect(onA.contains(#""state":"en_route""#), "\(onA.suffix(400))")
        #expect(try a.send("GET", "/v1/calls/stream", as: "planner").status == 403)
    }

    /// A burst of changes through A (many per team, interleaved) reaches B
    /// as each record's last state, whatever B reads them in rounds.
    @Test func aBurstOfChangesEndsAtEachRecordsLastState() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url)
        let b = try LiveServer(sharing: a)
        let finals = ["T1": (40.2, -104.2), "T2": (40.4, -104.8), "T3": (40.0, -105.3)]
        let status = try a.send("PUT", "/v1/teams/T3/status", as: "dispatcher", body: #"{"status":"available","at":"\#(TestClock.ago(290))"}"#)
        #expect(status.status == 200, "\(status)")
        for step in 1...40 {
            for (id, final) in finals.sorted(by: { $0.key < $1.key }) {
                let lat = 39.7 + (final.0 - 39.7) * Double(step) / 40, lon = -104.9 + (final.1 + 104.9) * Double(step) / 40
                let body = #"{"lat":\#(lat),"lon":\#(lon),"fix_at":"\#(TestClock.ago(250 - Double(step)))"}"#
                #expect(try a.send("PUT", "/v1/teams/\(id)/position", as: "dispatcher", body: body).object["applied"] as? Bool == true)
            }
        }
        let deadline = Date().addingTimeInterval(5)
        var missing = Set(finals.keys)
        while !missing.isEmpty && Date() < deadline {
            for id in missing {
                let (lat, lon) = finals[id]!
                let teams = try b.send("POST", "/v1/recommendations", as: "dispatcher", body: #"{"lat":\#(lat),"lon":\#(lon),"limit":1}"#)
                    .object["teams"] as? [String: Any]
                let first = (teams?["results"] as? [[String: Any]])?.first
                if first?["id"] as? String == id, let distance = first?["distance_m"] as? Double, distance < 1 { missing.remove(id) }
            }
            usleep(50_000)
        }
        #expect(missing.isEmpty, "server B still has an older place (or status) for \(missing.sorted())")
    }

    /// A key revoked behind crisismap's back (no notice) still stops working
    /// once the servers' cached copy, at most a second old, runs out.
    @Test func aCachedKeyLivesAtMostASecond() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url)
        #expect(try a.send("POST", "/v1/recommendations", as: "dispatcher", body: Self.query).status == 200)
        _ = try PostgresTestDatabase.psql(database.url, "UPDATE api_keys SET revoked_at = 0 WHERE id = '\(a.keyIDs["dispatcher"]!)'")
        usleep(1_100_000)
        #expect(try a.send("POST", "/v1/recommendations", as: "dispatcher", body: Self.query).status == 401)
    }

    @Test func theDatabaseDecidesWhichUpdateIsNewest() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url)
        let b = try LiveServer(sharing: a)
        let newer = try a.send("PUT", "/v1/teams/T2/position", as: "dispatcher", body: #"{"lat":39.9,"lon":-104.6,"fix_at":"\#(TestClock.ago(283.333))"}"#)
        #expect(newer.object["applied"] as? Bool == true)
        // B has not necessarily heard of A's update yet; the database refuses the older fix anyway.
        let older = try b.send("PUT", "/v1/teams/T2/position", as: "dispatcher", body: #"{"lat":39.0,"lon":-105.0,"fix_at":"\#(TestClock.ago(286.667))"}"#)
        #expect(older.object["applied"] as? Bool == false && older.object["reason"] as? String == "older_than_stored", "\(older)")
        let beds = try b.send("PUT", "/v1/facilities/F1/availability", as: "facilityF1", body: #"{"beds_available":0,"updated_at":"\#(TestClock.ago(283.333))"}"#)
        #expect(beds.object["applied"] as? Bool == true, "\(beds)")
        let staleBeds = try a.send("PUT", "/v1/facilities/F1/availability", as: "facilityF1", body: #"{"beds_available":9,"updated_at":"\#(TestClock.ago(286.667))"}"#)
        #expect(staleBeds.object["applied"] as? Bool == false, "\(staleBeds)")
        let row = try PostgresTestDatabase.psql(database.url, "SELECT teams.lat, facilities.beds_available FROM teams, facilities WHERE teams.id = 'T2' AND facilities.id = 'F1'")
        #expect(row.trimmingCharacters(in: .whitespacesAndNewlines) == "39.9|0")
    }

    @Test func keysAndTheAuditTrailAreShared() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url)
        let b = try LiveServer(sharing: a)
        let created = try JSONSerialization.jsonObject(with: Data(a.cli("keys", "create", "--name", "late", "--role", "dispatcher", "--json").utf8)) as? [String: Any]
        let secret = try #require(created?["secret"] as? String)
        let id = try #require(created?["id"] as? String)
        for server in [a, b] {
            #expect(try server.client.send("POST", "/v1/recommendations", key: secret, body: Self.query).status == 200)
        }
        _ = try a.cli("keys", "revoke", id)
        // Servers keep checked keys; the revocation's notice reaches them in milliseconds.
        for server in [a, b] {
            let started = Date()
            var status = 0
            while Date().timeIntervalSince(started) < 1 {
                status = try server.client.send("POST", "/v1/recommendations", key: secret, body: Self.query).status
                if status == 401 { break }
                usleep(5_000)
            }
            #expect(status == 401, "revoked on every server")
            #expect(Date().timeIntervalSince(started) < 0.5, "by the revocation's notice, not the cache's one-second lifetime")
        }
        #expect(try a.send("GET", "/v1/calls/C1", as: "dispatcher").status == 200)
        #expect(try b.send("GET", "/v1/calls/C2", as: "dispatcher").status == 200)
        var trail = ""
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            trail = try a.cli("audit")
            if trail.contains("/v1/calls/{id} C1") && trail.contains("/v1/calls/{id} C2") { break }
            usleep(100_000)
        }
        #expect(trail.contains("/v1/calls/{id} C1") && trail.contains("/v1/calls/{id} C2"), "both servers write one trail: \(trail)")
    }
}
