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
