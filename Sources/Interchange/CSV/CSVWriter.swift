import Foundation

/// Writes RFC 4180 CSV rows, quoting only the fields that need it.
public struct CSVWriter {
    public private(set) var text = ""

    public init() {}

    public mutating func writeRow(_ fields: [String]) {
        var first = true
        for field in fields {
            if !first { text.append(",") }
            first = false
            // Bytes, not Characters: "\r\n" is one Character and equals neither "\r" nor "\n".
            if field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                text.append("\"")
                text.append(field.replacingOccurrences(of: "\"", with: "\"\""))
                text.append("\"")
            } else {
                text.append(field)
            }
        }
        text.append("\n")
    }

    /// Hands over what has been written so far and starts afresh.
    public mutating func drain() -> String {
        defer { text = "" }
        return text
    }
}
