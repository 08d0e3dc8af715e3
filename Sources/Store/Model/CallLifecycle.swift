import Foundation

/// Where one team stands on one call. Steps only go forward: a team is
/// assigned, drives there, arrives, and either clears or takes the person
/// somewhere first. A team may be cleared from any open step (stood down,
/// preempted, the call cancelled), and may arrive without having said it
/// was on its way: a crew that forgets the en-route button still arrived.
public enum AssignmentStep: String, CaseIterable, Sendable, Codable, Comparable {
    case assigned
    case enRoute = "en_route"
    case onScene = "on_scene"
    case transporting
    case atFacility = "at_facility"
    case cleared

    /// The steps that may follow this one, in order.
    public var next: [AssignmentStep] {
        switch self {
        case .assigned: [.enRoute, .onScene, .cleared]
        case .enRoute: [.onScene, .cleared]
        case .onScene: [.transporting, .cleared]
        case .transporting: [.atFacility, .cleared]
        case .atFacility: [.cleared]
        case .cleared: []
        }
    }

    public var isOpen: Bool { self != .cleared }

    /// What the team's own status becomes when it reaches this step.
    public var teamStatus: TeamStatus {
        switch self {
        case .assigned: .dispatched
        case .enRoute: .enRoute
        case .onScene: .onScene
        // At the facility the crew is still busy with the person until it clears.
        case .transporting, .atFacility: .transporting
        case .cleared: .available
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: AssignmentStep, rhs: AssignmentStep) -> Bool { lhs.order < rhs.order }
}

/// What came of a call, beyond its disposition. A list that may grow.
public enum CallOutcome: String, CaseIterable, Sendable, Codable {
    case connectedToTreatment = "connected_to_treatment"
    case referredOutpatient = "referred_outpatient"
    case divertedFromED = "diverted_from_ed"
    case divertedFromJail = "diverted_from_jail"
}

/// One entry of a call's timeline: a team reached a step, or the call was
/// closed or cancelled (no team). Who made it is the API key's id (or
/// `import` for history read from a file).
public struct CallEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case step(teamID: String, AssignmentStep)
        case closed(Disposition, outcomes: [CallOutcome])
        case cancelled(reason: String)
    }

    public var callID: String
    public var kind: Kind
    public var at: Date
    public var keyID: String?
    /// The facility a transport went to (`transporting` and `at_facility`).
    public var facilityID: String?
    /// Why a team was cleared other than by its own crew (`preempted`, `call_cancelled`).
    public var reason: String?

    public init(callID: String, kind: Kind, at: Date, keyID: String?, facilityID: String? = nil, reason: String? = nil) {
        self.callID = callID
        self.kind = kind
        self.at = at
        self.keyID = keyID
        self.facilityID = facilityID
        self.reason = reason
    }
}

/// A call's state, derived from its timeline.
public enum CallState: String, Sendable, Codable, CaseIterable {
    case received
    case assigned
    case enRoute = "en_route"
    case onScene = "on_scene"
    case transporting
    case atFacility = "at_facility"
    /// Every team has cleared but the call is not closed yet.
    case cleared
    case closed
    case cancelled

    public var isOpen: Bool { self != .closed && self != .cancelled }
}

/// A call's timeline read back: the steps of every team and how it ended.
public struct CallTimeline: Hashable, Sendable {
    public var callID: String
    public var receivedAt: Date
    /// The call record's disposition: set by closing, or imported with a
    /// call that was handled before crisismap saw it.
    public var disposition: Disposition?
    /// Oldest first; steps of one team in the order they were made.
    public var events: [CallEvent]

    public init(callID: String, receivedAt: Date, disposition: Disposition? = nil, events: [CallEvent]) {
        self.callID = callID
        self.receivedAt = receivedAt
        self.disposition = disposition
        self.events = events
    }

    /// Each assigned team's latest step, in the order teams were assigned.
    public var assignments: [(teamID: String, step: AssignmentStep)] {
        Self.latestSteps(in: events).map { ($0.teamID, $0.step) }
    }

    /// Each team's last step among `events` and when it was made, teams in
    /// the order they first appear.
    static func latestSteps(in events: [CallEvent]) -> [(teamID: String, step: AssignmentStep, at: Date)] {
        var order: [String] = []
        var latest: [String: (AssignmentStep, Date)] = [:]
        for event in events {
            guard case .step(let team, let step) = event.kind else { continue }
            if latest[team] == nil { order.append(team) }
            latest[team] = (step, event.at)
        }
        return order.map { ($0, latest[$0]!.0, latest[$0]!.1) }
    }

    public var state: CallState {
        for event in events.reversed() {
            if case .closed = event.kind { return .closed }
            if case .cancelled = event.kind { return .cancelled }
        }
        // A disposition on the record closes the call: closing sets it, and
        // history imported with one was closed before crisismap saw it.
        if disposition != nil { return .closed }
        let steps = assignments.map(\.step)
        guard !steps.isEmpty else { return .received }
        // The most advanced open assignment speaks for the call.
        guard let furthest = steps.filter(\.isOpen).max() else { return .cleared }
        return CallState(rawValue: furthest.rawValue)!
    }

    /// The outcomes closing recorded.
    public var outcomes: [CallOutcome] {
        for event in events.reversed() {
            if case .closed(_, let outcomes) = event.kind { return outcomes }
        }
        return []
    }

    /// The reason a cancelled call was cancelled.
    public var cancelReason: String? {
        for event in events.reversed() {
            if case .cancelled(let reason) = event.kind { return reason }
        }
        return nil
    }

    /// Seconds from the call to the first team on scene.
    public var responseSeconds: Double? {
        let arrivals = events.compactMap { event -> Date? in
            if case .step(_, .onScene) = event.kind { return event.at }
            return nil
        }
        return arrivals.min().map { $0.timeIntervalSince(receivedAt) }
    }
}

extension CallTimeline {
    /// A stored call's timeline: its events or, for a call imported with its
    /// team's times and no events, those times as the team's steps.
    public static func stored(
        callID: String, receivedAt: Date, disposition: Disposition?, teamID: String?, facilityID: String?,
        times: CallTimes, events: [CallEvent]
    ) -> CallTimeline {
        guard events.isEmpty, let teamID, !times.isEmpty else {
            return CallTimeline(callID: callID, receivedAt: receivedAt, disposition: disposition, events: events)
        }
        let imported = CallTimes.columns.compactMap { column -> CallEvent? in
            guard let at = times[keyPath: column.time] else { return nil }
            let facility = column.step == .transporting || column.step == .atFacility ? facilityID : nil
            return CallEvent(callID: callID, kind: .step(teamID: teamID, column.step), at: at, keyID: nil, facilityID: facility)
        }
        return CallTimeline(callID: callID, receivedAt: receivedAt, disposition: disposition, events: imported)
    }
}
