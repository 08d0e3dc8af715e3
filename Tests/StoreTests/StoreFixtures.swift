import Foundation
import GeoCore
@testable import SpatiaLiteStore
@testable import Store
import TestSupport

/// A fresh store in its own temporary folder, removed when the test ends.
final class TemporaryStore {
    let directory: URL
    let path: String
    let store: SpatiaLiteStore

    init() throws {
        directory = try TemporaryFolder.make("store")
        path = directory.appendingPathComponent("store.sqlite").path
        store = try SpatiaLiteStore(path: path, mode: .createIfMissing)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}
