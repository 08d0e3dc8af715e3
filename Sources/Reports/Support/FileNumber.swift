/// How data files write numbers: the shortest decimal that reads back to
/// the same Double (Swift's own description, which is also what the JSON
/// answers carry). A CSV joined back into a GIS then holds exactly what the
/// JSON holds; only display tables and legends round.
enum FileNumber {
    /// Empty for an absent or non-finite value: data files never carry NaN.
    static func text(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }
}
