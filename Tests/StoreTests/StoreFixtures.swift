import Foundation
import GeoCore
@testable import SpatiaLiteStore
@testable import Store

/// A fresh store in its own temporary folder, removed when the test ends.
final class TemporaryStore {
    let directory: URL
    let path: String
    let store: SpatiaLiteStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("store.sqlite").path
        store = try SpatiaLiteStore(path: path, mode: .createIfMissing)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}
