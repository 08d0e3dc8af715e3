import Foundation

/// What a dispatcher or a crew does to a call.
public enum LifecycleAction: Hashable, Sendable {
    /// Sends a team. `preempt` takes it off the open call it is on (cleared there with reason `preempted`).
    case assign(teamID: String, preempt: Bool)
    /// A team reports its next step; `facilityID` names where a transport goes.
    case step(teamID: String, AssignmentStep, facilityID: String?)
    case close(Disposition, outcomes: [CallOutcome])
    case cancel(reason: String)

    /// The team the action moves, if any.
    public var teamID: String? {
        switch self {
        case .assign(let team, _), .step(let team, _, _): team
        case .close, .cancel: nil
        }
    }
}

/// Why an action cannot be applied. The API answers each as 404, 409 or
/// 422 with the facts a dispatcher needs to decide what to do instead.
public enum LifecycleRefusal: Error, Hashable, Sendable {
    case noCall(String)
    case noTeam(String)
    case noFacility(String)
    /// The call is closed or cancelled.
    case callEnded(callID: String, state: CallState)
    /// The team is on another open call (assign without `preempt`).
    case teamOnAnotherCall(teamID: String, callID: String)
    case alreadyAssigned(teamID: String, step: AssignmentStep)
    case notAssigned(teamID: String)
    /// Steps go forward only; `allowed` are the steps that may follow `current`.
    case stepNotAllowed(teamID: String, current: AssignmentStep, requested: AssignmentStep, allowed: [AssignmentStep])
    /// A time before the step (or the call) it follows.
    case beforePrevious(field: String, at: Date, previous: Date, previousField: String)
    /// `transporting` names the facility it goes to.
    case facilityRequired
    /// Closing needs every team cleared first.
    case teamsNotCleared([String])
}

extension CallTimeline {
    /// The events `action` appends, checked against this timeline. `teamOnCall`
    /// is the other open call the team is on (for `assign`), found by the
    /// store in the same transaction. Stores persist what this returns, so
    /// both backends apply one set of rules.
    public func events(
        for action: LifecycleAction, at: Date, keyID: String?, teamOnCall otherCall: String? = nil
    ) throws(LifecycleRefusal) -> [CallEvent] {
        let state = self.state
        guard state.isOpen else { throw .callEnded(callID: callID, state: state) }
        let latest = Dictionary(assignments.map { ($0.teamID, $0.step) }, uniquingKeysWith: { $1 })
        switch action {
        case .assign(let team, let preempt):
            if let step = latest[team], step.isOpen { throw .alreadyAssigned(teamID: team, step: step) }
            try requireNotBefore(receivedAt, at: at, previousField: "received_at")
            var events: [CallEvent] = []
            if let otherCall, otherCall != callID {
                guard preempt else { throw .teamOnAnotherCall(teamID: team, callID: otherCall) }
                events.append(CallEvent(callID: otherCall, kind: .step(teamID: team, .cleared), at: at, keyID: keyID, reason: "preempted"))
            }
            events.append(CallEvent(callID: callID, kind: .step(teamID: team, .assigned), at: at, keyID: keyID))
            return events
        case .step(let team, let step, let facilityID):
            guard let current = latest[team], current.isOpen else { throw .notAssigned(teamID: team) }
            guard current.next.contains(step) else {
                throw .stepNotAllowed(teamID: team, current: current, requested: step, allowed: current.next)
            }
            if step == .transporting, facilityID == nil { throw .facilityRequired }
            if let previous = lastStep(of: team) {
                try requireNotBefore(previous.at, at: at, previousField: "\(previous.step.rawValue) at")
            }
            // The facility a transport went to carries on to its arrival there.
            let facility = facilityID ?? (step == .atFacility ? lastStep(of: team)?.facilityID : nil)
            return [CallEvent(callID: callID, kind: .step(teamID: team, step), at: at, keyID: keyID, facilityID: facility)]
        case .close(let disposition, let outcomes):
            let open = assignments.filter(\.step.isOpen).map(\.teamID)
            guard open.isEmpty else { throw .teamsNotCleared(open) }
            try requireNotBefore(events.last?.at ?? receivedAt, at: at, previousField: events.isEmpty ? "received_at" : "the last step's at")
            return [CallEvent(callID: callID, kind: .closed(disposition, outcomes: outcomes), at: at, keyID: keyID)]
        case .cancel(let reason):
            try requireNotBefore(receivedAt, at: at, previousField: "received_at")
            // Teams still on the call are freed with it.
            let freed = assignments.filter(\.step.isOpen).map {
                CallEvent(callID: callID, kind: .step(teamID: $0.teamID, .cleared), at: at, keyID: keyID, reason: "call_cancelled")
            }
            return freed + [CallEvent(callID: callID, kind: .cancelled(reason: reason), at: at, keyID: keyID)]
        }
    }

    /// The team's latest step event on this call.
    func lastStep(of team: String) -> (step: AssignmentStep, at: Date, facilityID: String?)? {
        for event in events.reversed() {
            if case .step(team, let step) = event.kind { return (step, event.at, event.facilityID) }
        }
        return nil
    }

    private func requireNotBefore(_ previous: Date, at: Date, previousField: String) throws(LifecycleRefusal) {
        if at < previous { throw .beforePrevious(field: "at", at: at, previous: previous, previousField: previousField) }
    }
}
