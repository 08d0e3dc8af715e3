/// What is wrong with one field, named as the source spells it: the one
/// error type of field reading, for files, request bodies and query strings.
public struct FieldError: Error, Codable, Hashable, Sendable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Every problem a reader found in one record or request, in reading order.
public struct FieldErrors: Error, Sendable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }
}
