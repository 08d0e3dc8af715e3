import Crypto
import Foundation
import NIOCore

/// The browser map's files (`Public/`), read once at start-up so a page
/// load costs no disk access and a missing file shows before the first user.
struct WebAssets: Sendable {
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        /// A strong validator, so a reload after an upgrade never mixes versions.
        var etag: String
    }

    /// By URL path: `/` for `index.html`, `/js/map.js`, ...
    let byPath: [String: Asset]

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon",
    ]

    /// Every file under `folder` whose type a browser needs; others are skipped.
    init(folder: URL) throws {
        var found: [String: Asset] = [:]
        let root = folder.standardizedFileURL.path
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = walker?.nextObject() as? URL {
            guard let type = Self.contentTypes[file.pathExtension.lowercased()],
                  (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let data = try Data(contentsOf: file)
            let digest = SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined()
            var path = String(file.standardizedFileURL.path.dropFirst(root.count))
            if path == "/index.html" { path = "/" }
            found[path] = Asset(bytes: ByteBuffer(bytes: data), contentType: type, etag: "\"\(digest)\"")
        }
        byPath = found
    }

    /// `override` (the `--web-root` option) or the copy SwiftPM places next to
    /// the executable; nil when neither holds an `index.html`.
    static func locate(override: String?) -> URL? {
        let candidate: URL?
        if let override {
            candidate = URL(fileURLWithPath: override)
        } else {
            // The executable's real folder (Foundation reads /proc/self/exe), wherever it was called from.
            candidate = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("crisismap_Server.resources/Public")
        }
        guard let candidate, FileManager.default.fileExists(atPath: candidate.appendingPathComponent("index.html").path) else { return nil }
        return candidate
    }
}
