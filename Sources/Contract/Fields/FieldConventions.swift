/// How a kind of source writes values that have no type of their own there.
/// Files are lenient (a CSV cell is always text; a GeoJSON id may be a
/// number); the API is strict, so a client's type mistake is refused, not guessed.
public struct FieldConventions: Sendable {
    /// Text stands for a list, split at this separator.
    public var listSeparator: Character
    /// Text may hold a number or a boolean (CSV cells, query strings).
    public var textHoldsScalars: Bool
    /// A number is read as its text where text is expected (an id 17 in GeoJSON).
    public var numbersReadAsText: Bool
    /// Surrounding spaces are dropped from text values.
    public var trimsText: Bool
    /// What an unknown field is called in its error.
    public var fieldNoun: String

    /// CSV rows and GeoJSON properties being imported.
    public static let file = FieldConventions(
        listSeparator: "|", textHoldsScalars: true, numbersReadAsText: true, trimsText: true, fieldNoun: "field")
    /// A JSON request body.
    public static let body = FieldConventions(
        listSeparator: ",", textHoldsScalars: false, numbersReadAsText: false, trimsText: false, fieldNoun: "field")
    /// A URL query string.
    public static let query = FieldConventions(
        listSeparator: ",", textHoldsScalars: true, numbersReadAsText: false, trimsText: false, fieldNoun: "parameter")
}
