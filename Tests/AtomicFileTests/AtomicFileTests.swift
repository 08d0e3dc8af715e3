import AtomicFile
import Foundation
import Testing
import TestSupport

@Suite struct AtomicFileTests {
    func folder() throws -> URL {
        let url = try TemporaryFolder.make("atomic")
        return url
    }

    @Test func replacesTheOldFileAndLeavesNoTemporaryBehind() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.txt").path
        try AtomicFile.write(Data("old".utf8), to: path)
        try AtomicFile.write(Data("new".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporary() throws {
        struct Broken: Error {}
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.txt").path
        try AtomicFile.write(Data("old".utf8), to: path)
        #expect(throws: Broken.self) {
            try AtomicFile.write(to: path) { temporary in
                try Data("half".utf8).write(to: URL(fileURLWithPath: temporary))
                throw Broken()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
    }

    @Test func aMissingFolderIsAnError() {
        #expect(throws: (any Error).self) { try AtomicFile.write(Data("x".utf8), to: "/nonexistent-\(UUID().uuidString)/out.txt") }
    }
}
