import Foundation

/// Where the package and its built binary are, for every end-to-end suite.
public enum TestPaths {
    /// The folder holding Package.swift, found by walking up from this file.
    public static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `$CRISISMAP_BIN`, else the debug build SwiftPM makes before running the tests.
    public static let crisismap: URL = {
        if let path = ProcessInfo.processInfo.environment["CRISISMAP_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".build/debug/crisismap")
    }()
}

/// A new, empty folder under the system's temporary directory, named for
/// what made it so a leftover one can be traced to its test.
public enum TemporaryFolder {
    public static func make(_ purpose: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-\(purpose)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A path in the temporary directory that does not exist yet.
    public static func path(_ purpose: String, extension suffix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-\(purpose)-\(UUID().uuidString).\(suffix)")
    }
}
