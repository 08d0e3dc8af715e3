/// The store's noise secret, turned into the noise of every count of every
/// release: the same (node, view, unit, bin) always gets the same noise, so a
/// count asked for again or inside an overlapping view cannot be averaged
/// down, and nothing but the secret needs keeping.
public struct NoiseKey: Sendable {
    /// Key pads computed once for all the counts of a release.
    private let key: KeyedHMAC

    public init(secret: [UInt8]) {
        key = KeyedHMAC(secret: secret)
    }

    /// The noise for one count: node like `2026-03`, view like `cells`, unit
    /// a cell like `12:34` or an area id, bin the index within the unit.
    public func noise(node: String, view: String, unit: String, bin: Int, rate: PrivacyRate) -> Int64 {
        var words = stream(node: node, view: view, unit: unit, bin: bin)
        return DiscreteLaplace.sample(rate, using: &words)
    }

    /// The count's word stream, seen by the tests.
    func stream(node: String, view: String, unit: String, bin: Int) -> KeyedRandomWords {
        KeyedRandomWords(key: key, message: Self.message(node: node, view: view, unit: unit, bin: bin))
    }

    /// `crisismap-release-v1|node|view|unit|bin`, one message per count and
    /// no two counts with one message: `\` and `|` inside node, view and unit
    /// are escaped with a backslash, so every bare `|` is a separator, and
    /// the last field is an integer, which has no `|` or `\` of its own.
    /// Without the escapes, ("a|b", "c") and ("a", "b|c") would share their
    /// noise. The version tag changes if the layout ever does, so old and new
    /// releases never share noise by accident.
    static func message(node: String, view: String, unit: String, bin: Int) -> String {
        "crisismap-release-v1|\(escaped(node))|\(escaped(view))|\(escaped(unit))|\(bin)"
    }

    static func escaped(_ field: String) -> String {
        // Almost every field is plain; skip building a copy for those.
        guard field.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "\\") }) else { return field }
        var result = ""
        result.reserveCapacity(field.utf8.count + 4)
        for character in field.unicodeScalars {
            if character == "|" || character == "\\" { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(character)
        }
        return result
    }
}
