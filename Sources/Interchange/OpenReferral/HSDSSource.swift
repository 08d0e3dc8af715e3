import Foundation
import ZIPFoundation

/// Where an HSDS directory's tables are: the folder given, or a temporary
/// folder a .zip was unpacked into (removed by `cleanUp`). Publishers often
/// zip the tables inside a top folder; the folder holding locations.csv is used.
struct HSDSSource {
    let folder: URL
    private let temporary: URL?

    init(path: String) throws(ImportError) {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard path.lowercased().hasSuffix(".zip") else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ImportError(file: name, message: "not a folder or .zip of HSDS tables")
            }
            folder = url
            temporary = nil
            return
        }
        let unpacked = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-hsds-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            try FileManager.default.unzipItem(at: url, to: unpacked)
        } catch {
            try? FileManager.default.removeItem(at: unpacked)
            throw ImportError(file: name, message: "cannot unpack the archive (\(error.localizedDescription))")
        }
        temporary = unpacked
        folder = Self.tablesFolder(in: unpacked) ?? unpacked
    }

    func cleanUp() {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
    }

    private static func tablesFolder(in root: URL) -> URL? {
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("locations.csv").path) { return root }
        let children = (try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []
        return children.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("locations.csv").path) }
    }
}
