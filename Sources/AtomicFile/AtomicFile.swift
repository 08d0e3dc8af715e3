import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that appears complete or not at all: written beside its final
/// name, then renamed over it with rename(2), which replaces the old file in
/// one step. A reader sees the old file or the new one, never a half, and a
/// crash mid-write leaves the old file where it was.
public enum AtomicFile {
    /// A hidden temporary name in the same folder (rename only works within one file system).
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp").path
    }

    /// Moves `temporary` over `path` in one step.
    public static func commit(_ temporary: String, to path: String) throws {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "\(path): \(reason)"])
        }
    }

    /// Calls `write` with a temporary path to fill, then puts the result in
    /// place; if `write` throws, the temporary file is removed and `path` is untouched.
    public static func write(to path: String, _ write: (String) throws -> Void) throws {
        let temporary = temporaryPath(for: path)
        do {
            try write(temporary)
            try commit(temporary, to: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { try data.write(to: URL(fileURLWithPath: $0)) }
    }
}
