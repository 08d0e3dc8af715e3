/// Finds ids that may have appeared before in a file, in a fixed budget of
/// memory: a Bloom filter. "No" is certain; "maybe" makes the id a suspect
/// that the reader confirms by reading the file again (`CSVRecordReader`),
/// so a false alarm costs time, never a wrong error.
///
/// Sized at 32 bits per expected id with 11 probes, a false alarm is about
/// one in a million ids once the filter is full (fewer before): a 5-million
/// row file usually has none, and its filter takes 20 MB where a set of the
/// ids themselves took hundreds.
struct RepeatedIDFilter {
    private var words: [UInt64]
    private let bitCount: UInt64
    private static var probes: Int { 11 }

    init(expectedCount: Int) {
        // 32 bits per id, 1 MiB at the least; probes map onto the range by
        // multiply-and-shift, so it need not be a power of two (up to 2^32 bits).
        self.init(bitCount: min(max(1 << 23, 32 * expectedCount), 1 << 32))
    }

    /// A filter of exactly `bitCount` bits (rounded up to 64); tests saturate a tiny one.
    init(bitCount bits: Int) {
        words = [UInt64](repeating: 0, count: max(1, (bits + 63) / 64))
        bitCount = UInt64(words.count * 64)
    }

    /// Records `id`; true when it may have been recorded before.
    mutating func insert(_ id: String) -> Bool {
        // Two halves of one hash drive every probe (Kirsch–Mitzenmacher).
        let hash = UInt64(bitPattern: Int64(id.hashValue))
        let first = hash & 0xFFFF_FFFF
        let step = (hash >> 32) | 1
        var seen = true
        for probe in 0..<UInt64(Self.probes) {
            let bit = (((first &+ probe &* step) & 0xFFFF_FFFF) &* bitCount) >> 32
            let word = Int(bit >> 6)
            let mask = UInt64(1) << (bit & 63)
            if words[word] & mask == 0 {
                seen = false
                words[word] |= mask
            }
        }
        return seen
    }
}
