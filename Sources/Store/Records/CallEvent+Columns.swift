import Foundation

/// A call event as both backends store it in `call_events`: one row per
/// event, `kind` saying which of its columns are filled.
public struct CallEventColumns: Hashable, Sendable {
    public static let table = "call_events"

    public var callID: String
    public var teamID: String?
    /// `step`, `closed` or `cancelled`.
    public var kind: String
    public var step: String?
    public var at: Double
    public var keyID: String?
    public var facilityID: String?
    public var reason: String?
    public var disposition: String?
    /// Outcome values joined by commas (none contains one).
    public var outcomes: String?

    public init(_ event: CallEvent) {
        callID = event.callID
        at = event.at.timeIntervalSince1970
        keyID = event.keyID
        facilityID = event.facilityID
        reason = event.reason
        switch event.kind {
        case .step(let team, let step):
            kind = "step"
            teamID = team
            self.step = step.rawValue
        case .closed(let disposition, let outcomes):
            kind = "closed"
            self.disposition = disposition.rawValue
            self.outcomes = outcomes.map(\.rawValue).joined(separator: ",")
        case .cancelled(let reason):
            kind = "cancelled"
            self.reason = reason
        }
    }

    public init(
        callID: String, teamID: String?, kind: String, step: String?, at: Double, keyID: String?,
        facilityID: String?, reason: String?, disposition: String?, outcomes: String?
    ) {
        self.callID = callID
        self.teamID = teamID
        self.kind = kind
        self.step = step
        self.at = at
        self.keyID = keyID
        self.facilityID = facilityID
        self.reason = reason
        self.disposition = disposition
        self.outcomes = outcomes
    }

    /// The stored row back as an event; a value this build does not know is a `StoreError`.
    public func event(location: String) throws -> CallEvent {
        func unknown(_ what: String) -> StoreError {
            .database(location: location, message: "call_events of call '\(callID)': unknown \(what)")
        }
        let kind: CallEvent.Kind
        switch self.kind {
        case "step":
            guard let teamID, let step = step.flatMap(AssignmentStep.init(rawValue:)) else { throw unknown("step '\(step ?? "")'") }
            kind = .step(teamID: teamID, step)
        case "closed":
            guard let disposition = disposition.flatMap(Disposition.init(rawValue:)) else { throw unknown("disposition '\(disposition ?? "")'") }
            let names = (outcomes ?? "").split(separator: ",").map(String.init)
            let outcomes = try names.map { name in
                guard let outcome = CallOutcome(rawValue: name) else { throw unknown("outcome '\(name)'") }
                return outcome
            }
            kind = .closed(disposition, outcomes: outcomes)
        case "cancelled":
            kind = .cancelled(reason: reason ?? "")
        default:
            throw unknown("kind '\(self.kind)'")
        }
        let reason = self.kind == "cancelled" ? nil : self.reason
        return CallEvent(callID: callID, kind: kind, at: Date(timeIntervalSince1970: at), keyID: keyID, facilityID: facilityID, reason: reason)
    }

}

/// The lifecycle SQL both backends run, written once: standard SQL in which
/// each backend puts its own parameter marker.
public enum CallLifecycleSQL {
    /// `call_events` columns, in `CallEventColumns`' order.
    public static let eventColumns = "call_id, team_id, kind, step, at, key_id, facility_id, reason, disposition, outcomes"

    /// The `calls` columns a timeline is read from, in this order: id,
    /// received_at, disposition, team_id, facility_id, then the step times.
    public static let timelineColumns = ["id", "received_at", "disposition", "team_id", "facility_id"] + CallTimes.columns.map(\.name)

    /// The board's calls (alias `c`), oldest first: received since the
    /// `since` parameter or with a team still on them, not disposed of, and
    /// neither closed nor cancelled.
    public static func openCalls(selecting columns: String, since: String) -> String {
        """
        SELECT \(columns)
        FROM (
            SELECT id FROM calls WHERE disposition IS NULL AND received_at >= \(since)
            UNION
            SELECT call_id FROM assignments WHERE step <> 'cleared'
        ) AS open JOIN calls c ON c.id = open.id
        WHERE c.disposition IS NULL
          AND NOT EXISTS (SELECT 1 FROM call_events e WHERE e.call_id = c.id AND e.kind <> 'step')
        ORDER BY c.received_at, c.id
        """
    }

    /// The call's own team (its first) keeps each step's time on the call
    /// row, for the measured figures: parameters team, time, facility, call, team.
    public static func keepTime(of step: AssignmentStep, parameters p: [String]) -> String {
        let column = CallTimes.column(of: step)
        return """
            UPDATE calls SET team_id = \(p[0]), \(column) = \(p[1]), facility_id = coalesce(\(p[2]), facility_id)
            WHERE id = \(p[3]) AND (team_id IS NULL OR team_id = \(p[4])) AND \(column) IS NULL
            """
    }
}
