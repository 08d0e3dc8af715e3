import Foundation
import Testing
import TestSupport

/// The browser map's files as `crisismap serve` hands them out, and the
/// small endpoints the page needs. The page's behaviour in a real browser
/// is tested by Tools/browser-test.sh (headless Chromium).
@Suite(.serialized) struct WebPageTests {
    @Test func thePageAndEveryFileItLoadsAreServedWithAStrictPolicy() throws {
        let server = try LiveServer()
        let page = try server.client.send("GET", "/")
        #expect(page.status == 200)
        #expect(page.contentType == "text/html; charset=utf-8")
        let policy = page.headers["content-security-policy"] ?? ""
        #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'") && policy.contains("script-src 'self'"))
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.text.contains(#"<form id="signin""#))

        // Every file the page names, and every module those import, must resolve.
        var pending = Self.references(in: page.text, pattern: #"(?:src|href)="(/[^"]*)""#)
        var seen: Set<String> = []
        while let path = pending.popLast() {
            guard seen.insert(path).inserted else { continue }
            let file = try server.client.send("GET", path)
            #expect(file.status == 200, "\(path): \(file)")
            let expected = path.hasSuffix(".js") ? "text/javascript" : path.hasSuffix(".css") ? "text/css" : "application/json"
            #expect(file.contentType.hasPrefix(expected), "\(path): \(file.contentType)")
            #expect(!file.text.contains("http://") && !file.text.contains("https://"), "\(path) names an outside address")
            let folder = (path as NSString).deletingLastPathComponent
            pending += Self.references(in: file.text, pattern: #"from '\./([^']+)'"#).map { "\(folder)/\($0)" }
        }
        #expect(seen.contains("/js/app.js") && seen.contains("/js/map.js") && seen.contains("/app.css"), "\(seen)")
    }

    @Test func filesAreRevalidatedByETag() throws {
        let server = try LiveServer()
        let first = try server.client.send("GET", "/js/app.js")
        let etag = try #require(first.headers["etag"])
        #expect(first.headers["cache-control"] == "no-cache")
        let again = try server.client.send("GET", "/js/app.js", headers: ["If-None-Match": etag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let changed = try server.client.send("GET", "/js/app.js", headers: ["If-None-Match": "\"stale\""])
        #expect(changed.status == 200)
    }

    @Test func aConfiguredTileServerIsTheOnlyOtherOriginThePageMayUse() throws {
        let plain = try LiveServer()
        #expect(try plain.client.send("GET", "/config.json").object["tile_url"] == nil)
        let tiled = try LiveServer(serveArguments: ["--tile-url", "http://127.0.0.1:8099/{z}/{x}/{y}.png", "--tile-attribution", "© test"])
        let config = try tiled.client.send("GET", "/config.json").object
        #expect(config["tile_url"] as? String == "http://127.0.0.1:8099/{z}/{x}/{y}.png")
        #expect(config["tile_attribution"] as? String == "© test")
        let policy = try tiled.client.send("GET", "/").headers["content-security-policy"] ?? ""
        #expect(policy.contains("img-src 'self' blob: data: http://127.0.0.1:8099;"), "\(policy)")
        #expect(policy.contains("connect-src 'self';"))
    }

    @Test func webRootServesAnotherCopyOfThePage() throws {
        let folder = try TemporaryFolder.make("web")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("js"), withIntermediateDirectories: true)
        try "<!doctype html><p>custom page</p>".write(to: folder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "export const x = 1;".write(to: folder.appendingPathComponent("js/extra.js"), atomically: true, encoding: .utf8)
        let server = try LiveServer(serveArguments: ["--web-root", folder.path])
        #expect(try server.client.send("GET", "/").text.contains("custom page"))
        #expect(try server.client.send("GET", "/js/extra.js").status == 200)
        #expect(try server.client.send("GET", "/app.css").status == 404, "only the given folder is served")

        do {
            try LiveServer.run(["serve", "--web-root", folder.appendingPathComponent("js").path, "--db", "unused.sqlite"], in: folder)
            Issue.record("a --web-root without index.html must be refused before serving")
        } catch {
            #expect("\(error)".contains("holds no index.html"), "\(error)")
        }
    }

    @Test func meNamesTheKeysRoleAndBinding() throws {
        let server = try LiveServer()
        for role in AccessTests.roles {
            let me = try server.send("GET", "/v1/me", as: role)
            #expect(me.status == 200)
            #expect(me.object["role"] as? String == role)
            #expect(me.object["name"] as? String == role)
            #expect(me.object["key_id"] as? String == server.keyIDs[role])
        }
        #expect(try server.send("GET", "/v1/me", as: "facilityF1").object["facility_id"] as? String == "F1")
        #expect(try server.send("GET", "/v1/me", as: "deviceT1").object["team_id"] as? String == "T1")
        let refused = try server.send("GET", "/v1/me?debug=1", as: "admin")
        #expect(refused.status == 422)
        #expect(refused.problemFields == ["debug"])
    }

    @Test func teamsAndAreasAreListedAsFeatureCollections() throws {
        let server = try LiveServer()
        let teams = try server.send("GET", "/v1/teams", as: "dispatcher")
        #expect(teams.contentType == "application/geo+json")
        let teamFeatures = teams.object["features"] as? [[String: Any]] ?? []
        #expect(teamFeatures.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String }.sorted() == ["T1", "T2", "T3"])

        let area = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-105.1,39.6],[-104.8,39.6],[-104.8,39.9],[-105.1,39.9],[-105.1,39.6]],[[-105.0,39.7],[-104.9,39.7],[-104.9,39.8],[-105.0,39.8],[-105.0,39.7]]]},"properties":{"id":"A1","name":"Ring","population":1200}}]}"#
        let path = server.directory.appendingPathComponent("areas.geojson").path
        try area.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try server.cli("import", "areas", path)
        let areas = try server.send("GET", "/v1/areas", as: "planner").object
        let features = areas["features"] as? [[String: Any]] ?? []
        #expect(features.count == 1)
        let geometry = features.first?["geometry"] as? [String: Any]
        #expect((geometry?["coordinates"] as? [Any])?.count == 2, "the hole is kept")
        #expect((features.first?["properties"] as? [String: Any])?["name"] as? String == "Ring")
    }

    @Test func listedFacilitiesSayWhetherTheyAreOpenNow() throws {
        let server = try LiveServer()
        let closed = ServerFixture.feature(-104.97, 39.71, #""name":"Never open","kind":"outpatient","timezone":"America/Denver","hours":"Mo-Su off""#)
        #expect(try server.send("PUT", "/v1/facilities/F8", as: "admin", body: closed).status == 201)
        let listed = try server.send("GET", "/v1/facilities", as: "clinician").object["features"] as? [[String: Any]] ?? []
        var open: [String: Bool] = [:]
        for feature in listed {
            if let id = (feature["properties"] as? [String: Any])?["id"] as? String { open[id] = feature["open_now"] as? Bool }
        }
        #expect(open == ["F1": true, "F2": true, "F3": true, "F8": false])
        // A single record stays exactly what a PUT takes.
        #expect(try server.send("GET", "/v1/facilities/F8", as: "admin").object["open_now"] == nil)
    }

    private static func references(in text: String, pattern: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }
}
