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

/// Fans team changes out to every open event stream. A slow client loses
/// its oldest undelivered events rather than holding the server's memory.
final class TeamEventHub: Sendable {
    private struct Subscribers {
        var next = 0
        var continuations: [Int: AsyncStream<TeamEvent>.Continuation] = [:]
    }

    private let subscribers = Mutex(Subscribers())

    func publish(_ event: TeamEvent) {
        let targets = subscribers.withLock { Array($0.continuations.values) }
        for continuation in targets { continuation.yield(event) }
    }

    func subscribe() -> AsyncStream<TeamEvent> {
        let (stream, continuation) = AsyncStream<TeamEvent>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        let id = subscribers.withLock { state in
            defer { state.next += 1 }
            state.continuations[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    var subscriberCount: Int { subscribers.withLock { $0.continuations.count } }
}
