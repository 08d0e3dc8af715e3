import HTTPTypes
import Store

/// One route of the API with the roles that may call it. The table is
/// DESIGN.md's "HTTP API"; `admin` may call everything.
struct Endpoint: Sendable {
    var method: HTTPRequest.Method
    /// The path as declared, with `{id}` placeholders (audit and metrics use it).
    var path: String
    var roles: Set<APIRole>
    /// Requests that read or write call data, recommend a team, change live
    /// state or open a stream go to the audit trail, with their subject id
    /// and normalised query.
    var audited: Bool
    /// Routes that hand out a person's call: refused with 503 while the audit
    /// queue is full, so nothing of a person is served unaudited.
    var refusedUnaudited: Bool

    init(_ method: HTTPRequest.Method, _ path: String, roles: Set<APIRole>, audited: Bool = false, refusedUnaudited: Bool = false) {
        self.method = method
        self.path = path
        self.roles = roles.union([.admin])
        self.audited = audited || refusedUnaudited
        self.refusedUnaudited = refusedUnaudited
    }

    static let everyRole = Set(APIRole.allCases)
}

/// The key a request authenticated with.
struct Caller: Sendable {
    var key: APIKey
    var role: APIRole { key.role }

    /// A device key bound to a team reports for that team only.
    func requireReporting(for team: String) throws(APIProblem) {
        if role == .device, let bound = key.boundTeam, bound != team {
            throw APIProblem.forbidden("this device key reports for team \(bound) only")
        }
    }
}
