import Contract
import Foundation

/// A request's fields: a JSON body or a query string, read by the contract's
/// one field reader; its problems become a 422 listing every field at fault.
typealias RequestFields = FieldReader<FieldValues>

extension FieldReader where Source == FieldValues {
    /// A JSON object body. Unknown members are refused.
    init(body data: Data, allowed: Set<String>) throws(APIProblem) {
        self.init(FieldValues(jsonObject: try Self.object(from: data)), conventions: .body, allowed: allowed)
    }

    /// A query string. Unknown parameters are refused.
    init(query: [String: String], allowed: Set<String>) {
        self.init(FieldValues(query: query), conventions: .query, allowed: allowed)
    }

    /// The body as a JSON object, or 400 naming where the JSON broke.
    static func object(from data: Data) throws(APIProblem) -> [String: Any] {
        guard !data.isEmpty else { throw APIProblem.malformed("the body is empty; expected a JSON object") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "malformed JSON"
            throw APIProblem.malformed(description)
        }
        guard let object = parsed as? [String: Any] else {
            throw APIProblem.malformed("expected a JSON object at the top level")
        }
        return object
    }
}
