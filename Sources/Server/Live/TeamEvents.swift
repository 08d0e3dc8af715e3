import Contract
import Foundation
import Interchange
import Store
import Synchronization

/// A change to one team, as the event stream sends it.
struct TeamEvent: Encodable, Sendable {
    /// `position`, `status`, `upsert` or `delete`.
    var change: String
    var id: String
    var status: String?
    var lat: Double?
    var lon: Double?
    var fix_at: String?
    var at: String

    init(change: String, team: Team?, id: String, at: Date) {
        self.change = change
        self.id = id
        self.status = team?.status.rawValue
        self.lat = team?.location.latitude
        self.lon = team?.location.longitude
        self.fix_at = team.map { RFC3339.format($0.fixAt) }
        self.at = RFC3339.format(at)
    }
}

/// A change to one call's lifecycle, as the call stream sends it.
struct CallChangeEvent: Encodable, Sendable {
    var id: String
    var state: String
    var teams: [CallLifecycleJSON.Assignment]
    var response_s: Double?
    var at: String

    init(_ timeline: CallTimeline, at: Date) {
        id = timeline.callID
        state = timeline.state.rawValue
        teams = CallLifecycleJSON.Assignment.all(of: timeline)
        response_s = CallLifecycleJSON.response(of: timeline)
        self.at = RFC3339.format(at)
    }
}

typealias TeamEventHub = EventHub<TeamEvent>
