import Foundation
import Testing
import TestSupport

/// What crisismap writes is for its user alone, and a remote database is
/// reached over TLS or not at all.
@Suite struct FilesAndTransportTests {
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func storesExportsAndMapsAre0600WhateverTheUmask() throws {
        try Workspace.with { workspace in
            let previous = umask(0o022)
            defer { umask(previous) }
            #expect(try workspace.importText("calls", "calls.csv", Fixture.callsHeader + "C1,2026-11-22T14:00:00Z,other,1,,,,39.7,-105\n").status == 0)
            let export = workspace.path("calls-out.csv")
            #expect(try workspace.run("export", "calls", "--out", export).status == 0)
            let map = workspace.path("calls.png")
            #expect(try workspace.run("heatmap", "--privacy", "exact", "--out", map, "--cell-size", "250m").status == 0)
            var files = [workspace.db, export, map]
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: workspace.db + suffix) {
                files.append(workspace.db + suffix)
            }
            for file in files {
                let mode = try Self.mode(file)
                #expect(mode & 0o077 == 0, "\(file) is \(String(mode, radix: 8))")
            }
        }
    }

    @Test func aRemoteDatabaseNeedsTLSUnlessSaidOtherwise() throws {
        try Workspace.with { workspace in
            let plain = try workspace.runArguments(["init", "--db", "postgresql://crisismap@db.example.org:5432/crisismap"])
            #expect(plain.status == 1, "\(plain.stderr)")
            #expect(plain.stderr.contains("sslmode=require") && plain.stderr.contains("--allow-insecure-db"), "\(plain.stderr)")
            let disabled = try workspace.runArguments(["init", "--db", "postgresql://crisismap:secret@10.1.2.3/crisismap?sslmode=disable"])
            #expect(disabled.status == 1 && disabled.stderr.contains("plain text"), "\(disabled.stderr)")
            #expect(!disabled.stderr.contains("secret"), "the password is never echoed")
        }
    }
}
