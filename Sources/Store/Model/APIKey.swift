import Foundation

/// What a key may do. DESIGN.md's "HTTP API" table says which role reaches
/// which endpoint; the server enforces it.
public enum APIRole: String, CaseIterable, Codable, Sendable {
    case admin
    /// Reads single calls, asks for recommendations, updates teams.
    case dispatcher
    /// Asks for recommendations (where can this person go now).
    case clinician
    /// Aggregates only: never a single call's location.
    case planner
    /// A vehicle's tracker: position and status updates only.
    case device
    /// A receiving facility: its own bed availability only.
    case facility
}

/// A stored API key. The secret itself is never stored: only a salted
/// SHA-256 of it, so a copy of the store does not hand out working keys.
public struct APIKey: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var role: APIRole
    public var salt: Data
    public var secretHash: Data
    public var createdAt: Date
    public var revokedAt: Date?
    /// For `facility` keys: the one facility whose availability the key may set.
    public var facilityID: String?
    /// For `device` keys: the one team the device reports for, or
    /// `APIKey.allTeams` for a key made with `--all-teams`. nil on a device
    /// key means it was made before keys had to be bound: it still reports
    /// for every team, and `keys list` flags it.
    public var teamID: String?

    /// The `teamID` of a device key that reports for every team, said out loud.
    public static let allTeams = "*"

    /// The one team a device key may report for; nil when it may report for every team.
    public var boundTeam: String? { teamID == Self.allTeams ? nil : teamID }

    /// A device key that reports for every team without anyone having asked
    /// for that: made before `--team` or `--all-teams` was required.
    public var isUnboundDevice: Bool { role == .device && teamID == nil }

    public init(
        id: String, name: String, role: APIRole, salt: Data, secretHash: Data, createdAt: Date,
        revokedAt: Date? = nil, facilityID: String? = nil, teamID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.salt = salt
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.facilityID = facilityID
        self.teamID = teamID
    }

    public var isRevoked: Bool { revokedAt != nil }
}

/// One line of the audit trail: who read call data or asked for a
/// recommendation, when, through which endpoint, and what came of it.
public struct AuditEntry: Hashable, Sendable {
    public var at: Date
    /// Nil when the request carried no valid key (the attempt is still logged).
    public var keyID: String?
    public var role: APIRole?
    public var method: String
    /// The route as declared (`/v1/calls/{id}`), not the raw path.
    public var endpoint: String
    /// The record asked about or written (a call, team, facility or key id), if any.
    public var subject: String?
    /// The request's query parameters, normalised: sorted by name, one value
    /// per name, each percent-encoded (`bandwidth=300m&cell_size=100m`).
    public var query: String?
    public var status: Int
    /// `ok`, `unauthorized`, `forbidden`, `invalid`, `not_found`, `conflict`,
    /// `limited`, `unavailable` or `error`; writes may say what they changed
    /// (`changed: geometry`), closed streams why (`closed: key revoked`).
    public var outcome: String

    public init(
        at: Date, keyID: String?, role: APIRole?, method: String, endpoint: String, subject: String? = nil,
        query: String? = nil, status: Int, outcome: String
    ) {
        self.query = query
        self.at = at
        self.keyID = keyID
        self.role = role
        self.method = method
        self.endpoint = endpoint
        self.subject = subject
        self.status = status
        self.outcome = outcome
    }
}
