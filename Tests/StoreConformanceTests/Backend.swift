import Foundation
import PostGISStore
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// The two stores every conformance test runs against.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case spatiaLite
    case postGIS

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind for one test; `close()` it at the end
    /// (the folder or database goes when the value does).
    func opened() async throws -> Opened {
        let place = try Place(self)
        return Opened(place: place, store: try await place.open(mode: .createIfMissing))
    }

    struct Opened {
        let place: Place
        let store: any CrisisStore

        func close() async { await store.close() }
    }

    /// Where a test's store lives: a temporary folder or a database of its own.
    final class Place {
        let backend: Backend
        let location: String
        private let folder: URL?
        private let database: PostgresTestDatabase?

        init(_ backend: Backend) throws {
            self.backend = backend
            switch backend {
            case .spatiaLite:
                let folder = try TemporaryFolder.make("conformance")
                self.folder = folder
                database = nil
                location = folder.appendingPathComponent("store.sqlite").path
            case .postGIS:
                let database = try PostgresTestDatabase()
                self.database = database
                folder = nil
                location = database.url
            }
        }

        enum Mode { case existing, createIfMissing }

        func open(mode: Mode) async throws -> any CrisisStore {
            switch backend {
            case .spatiaLite:
                try SpatiaLiteStore(path: location, mode: mode == .existing ? .existing : .createIfMissing)
            case .postGIS:
                try await PostGISStore.open(location, mode: mode == .existing ? .existing : .createIfMissing)
            }
        }

        deinit {
            if let folder { try? FileManager.default.removeItem(at: folder) }
        }
    }
}
