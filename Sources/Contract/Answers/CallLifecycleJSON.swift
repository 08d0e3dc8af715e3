import Foundation
import Store

/// A call's lifecycle as the API answers it: its state, each team's
/// current step, the measured response and every event with who made it.
@JSONAnswer
public struct CallLifecycleJSON: JSONTextWritable, Sendable {
    @JSONAnswer
    public struct Assignment: Encodable, Sendable {
        public var step: String
        public var team_id: String
    }

    @JSONAnswer
    public struct Event: Encodable, Sendable {
        public var at: String
        /// A team's step, or `closed` / `cancelled`.
        public var event: String
        public var disposition: String?
        public var facility_id: String?
        public var key_id: String?
        public var outcomes: [String]?
        public var reason: String?
        public var team_id: String?
    }

    public var call_id: String
    public var cancel_reason: String?
    public var disposition: String?
    public var outcomes: [String]
    public var received_at: String
    /// Seconds from the call to the first team on scene, to a tenth.
    public var response_s: Double?
    public var state: String
    public var teams: [Assignment]
    public var timeline: [Event]

    public init(_ timeline: CallTimeline) {
        call_id = timeline.callID
        received_at = RFC3339.format(timeline.receivedAt)
        state = timeline.state.rawValue
        response_s = Self.response(of: timeline)
        disposition = timeline.disposition?.rawValue
        outcomes = timeline.outcomes.map(\.rawValue)
        cancel_reason = timeline.cancelReason
        teams = Assignment.all(of: timeline)
        self.timeline = timeline.events.map(Event.init)
    }

    /// The measured response, to a tenth of a second.
    public static func response(of timeline: CallTimeline) -> Double? {
        timeline.responseSeconds.map { ($0 * 10).rounded() / 10 }
    }
}

extension CallLifecycleJSON.Assignment {
    /// Each team's current step on the call, in the order they were assigned.
    public static func all(of timeline: CallTimeline) -> [Self] {
        timeline.assignments.map { Self(step: $0.step.rawValue, team_id: $0.teamID) }
    }
}

extension CallLifecycleJSON.Event {
    init(_ event: CallEvent) {
        at = RFC3339.format(event.at)
        key_id = event.keyID
        facility_id = event.facilityID
        reason = event.reason
        switch event.kind {
        case .step(let team, let step):
            self.event = step.rawValue
            team_id = team
        case .closed(let disposition, let outcomes):
            self.event = "closed"
            self.disposition = disposition.rawValue
            self.outcomes = outcomes.map(\.rawValue)
        case .cancelled:
            self.event = "cancelled"
        }
    }
}

/// `GET /v1/calls?state=open`: the dispatcher's board, oldest call first.
@JSONAnswer
public struct CallBoardJSON: JSONTextWritable, Sendable {
    @JSONAnswer
    public struct Row: Encodable, Sendable {
        /// Seconds since the call was received.
        public var age_s: Double
        public var call_id: String
        public var category: String
        public var lat: Double
        public var lon: Double
        public var priority: Int?
        public var received_at: String
        public var state: String
        public var teams: [CallLifecycleJSON.Assignment]

        public init(_ call: OpenCall, now: Date) {
            age_s = max(0, now.timeIntervalSince(call.timeline.receivedAt))
            call_id = call.timeline.callID
            category = call.category.rawValue
            lat = call.location.latitude
            lon = call.location.longitude
            priority = call.priority
            received_at = RFC3339.format(call.timeline.receivedAt)
            state = call.timeline.state.rawValue
            teams = CallLifecycleJSON.Assignment.all(of: call.timeline)
        }
    }

    public var as_of: String
    public var calls: [Row]

    public init(as_of: String, calls: [Row]) {
        self.as_of = as_of
        self.calls = calls
    }
}
