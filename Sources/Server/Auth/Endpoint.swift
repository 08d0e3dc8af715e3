import HTTPTypes
import Store

/// One route of the API with the roles that may call it. The table is
/// DESIGN.md's "HTTP API"; `admin` may call everything.
struct Endpoint: Sendable {
    var method: HTTPRequest.Method
    /// The path as declared, with `{id}` placeholders (audit and metrics use it).
    var path: String
    var roles: Set<APIRole>
    /// Requests that read call data or recommend a team go to the audit trail.
    var audited: Bool
    /// Planner products: the audit entry carries the request's query, normalised (sorted, one value per name).
    var auditsQuery: Bool

    init(_ method: HTTPRequest.Method, _ path: String, roles: Set<APIRole>, audited: Bool = false, auditsQuery: Bool = false) {
        self.method = method
        self.path = path
        self.roles = roles.union([.admin])
        self.audited = audited || auditsQuery
        self.auditsQuery = auditsQuery
    }

    static let everyRole = Set(APIRole.allCases)
}

/// The key a request authenticated with.
struct Caller: Sendable {
    var key: APIKey
    var role: APIRole { key.role }
}
