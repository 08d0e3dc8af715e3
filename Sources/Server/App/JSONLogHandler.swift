import Contract
import Foundation
import Interchange
import Logging
import Synchronization

/// One JSON object per line on standard error (time, level, label, message
/// and every metadata key), for log collectors that parse rather than read.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private static let output = Mutex(())

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        fields["time"] = RFC3339.format(Date())
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        fields["source"] = event.source
        if let error = event.error { fields["error"] = "\(error)" }
        var writer = JSONTextWriter(capacity: 256)
        writer.object { w in
            for key in fields.keys.sorted() {
                w.key(key)
                w.string(fields[key] ?? "")
            }
        }
        let line = writer.bytes + [UInt8(ascii: "\n")]
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line)) }
    }
}
