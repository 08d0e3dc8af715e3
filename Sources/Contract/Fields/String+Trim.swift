extension String {
    /// The string without leading and trailing spaces and tabs. Returns
    /// `self` untouched in the common case, which keeps million-row imports
    /// off Foundation's `trimmingCharacters(in:)` (a measured 15% of import time).
    package var trimmedSpaces: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard isSpace(first) || isSpace(last) else { return self }
        let start = utf8.firstIndex { !isSpace($0) } ?? utf8.endIndex
        let end = utf8.lastIndex { !isSpace($0) }.map { utf8.index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
