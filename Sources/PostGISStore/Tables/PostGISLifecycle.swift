import Foundation
import GeoCore
import PostgresNIO
import Store

/// Calls from received to cleared in the shared database. Row locks, taken
/// team first and call second, serialize what two servers do to one team or
/// one call; the unique index on open assignments is the last word if
/// anything slips past them.
struct PostGISLifecycle: CallLifecycleStore {
    let store: PostGISStore

    func apply(_ action: LifecycleAction, toCall callID: String, at: Date, keyID: String?) async throws -> LifecycleChange {
        let change = try await store.transaction { [store] connection in
            let logger = store.logger
            if let team = action.teamID {
                let found = try await connection.query("SELECT 1 FROM teams WHERE id = \(team) FOR UPDATE", logger: logger).collect()
                if found.isEmpty { throw LifecycleRefusal.noTeam(team) }
            }
            let locked = try await connection.query("SELECT 1 FROM calls WHERE id = \(callID) FOR UPDATE", logger: logger).collect()
            if locked.isEmpty { throw LifecycleRefusal.noCall(callID) }
            if case .step(_, _, let facility?) = action {
                let found = try await connection.query("SELECT 1 FROM facilities WHERE id = \(facility)", logger: logger).collect()
                if found.isEmpty { throw LifecycleRefusal.noFacility(facility) }
            }
            let timeline = try await Self.timeline(connection, callID: callID, store: store)!
            var otherCall: String?
            if case .assign(let team, _) = action {
                otherCall = try await connection.query("""
                    SELECT call_id FROM assignments WHERE team_id = \(team) AND step <> 'cleared' AND call_id <> \(callID)
                    """, logger: logger).collect().first?.decode(String.self)
            }
            let events = try timeline.events(for: action, at: at, keyID: keyID, teamOnCall: otherCall)
            for event in events { try await Self.append(event, connection, logger: logger) }
            if case .close(let disposition, _) = action {
                try await connection.query("UPDATE calls SET disposition = \(disposition.rawValue) WHERE id = \(callID)", logger: logger)
            }
            var teams: [LifecycleChange.TeamStatusChange] = []
            for (team, status, when) in LifecycleChange.statuses(after: events) {
                let time = when.timeIntervalSince1970
                let rows = try await connection.query("""
                    UPDATE teams SET status = \(status.rawValue), status_at = \(time)
                    WHERE id = \(team) AND (status_at IS NULL OR status_at < \(time)) RETURNING 1
                    """, logger: logger).collect()
                teams.append(.init(teamID: team, status: status, at: when, applied: !rows.isEmpty))
            }
            let after = try await Self.timeline(connection, callID: callID, store: store)!
            var preempted: CallTimeline?
            if let otherCall { preempted = try await Self.timeline(connection, callID: otherCall, store: store) }
            return LifecycleChange(timeline: after, preempted: preempted, teams: teams)
        }
        // Other servers' engines follow the teams' new statuses, and their call streams the calls.
        let calls = [change.timeline, change.preempted].compactMap(\.self).map { StoreChange(kind: .call, id: $0.callID, change: "lifecycle") }
        await store.announce(change.teams.filter(\.applied).map { StoreChange(kind: .team, id: $0.teamID, change: "status") } + calls)
        return change
    }

    func timeline(callID: String) async throws -> CallTimeline? {
        try await store.transaction { [store] connection in try await Self.timeline(connection, callID: callID, store: store) }
    }

    /// Two queries: the open calls' rows, then all their events.
    func openCalls(receivedSince since: Date) async throws -> [OpenCall] {
        try await store.transaction { [store] connection in
            let timelineColumns = CallLifecycleSQL.timelineColumns.map { "c.\($0)" }.joined(separator: ", ")
            var select = PostgresQuery(unsafeSQL: CallLifecycleSQL.openCalls(
                selecting: timelineColumns + ", c.category, c.priority, c.lat, c.lon", since: "$1"))
            select.binds.append(since.timeIntervalSince1970)
            let calls = try await connection.query(select, logger: store.logger).collect().map { $0.makeRandomAccess() }
            guard !calls.isEmpty else { return [] }
            let ids = try calls.map { try $0.value("id", as: String.self) }
            let eventRows = try await connection.query("""
                SELECT \(unescaped: CallLifecycleSQL.eventColumns) FROM call_events WHERE call_id = ANY(\(ids)) ORDER BY seq
                """, logger: store.logger).collect()
            var events: [String: [CallEvent]] = [:]
            for row in eventRows {
                let event = try Self.event(row.makeRandomAccess(), location: store.location)
                events[event.callID, default: []].append(event)
            }
            return try calls.map { row in
                let timeline = try Self.timeline(row, events: events[try row.value("id", as: String.self)] ?? [])
                let categoryName = try row.value("category", as: String.self)
                guard let category = CallCategory(rawValue: categoryName) else {
                    throw StoreError.database(location: store.location, message: "call '\(timeline.callID)': unknown category '\(categoryName)'")
                }
                return OpenCall(timeline: timeline, category: category, priority: try row.value("priority"),
                                location: Coordinate(uncheckedLatitude: try row.value("lat"), longitude: try row.value("lon")))
            }
        }
    }

    func openAssignments() async throws -> [String: String] {
        let pairs = try await store.rows("SELECT team_id, call_id FROM assignments WHERE step <> 'cleared'") { row in
            (try row.value("team_id", as: String.self), try row.value("call_id", as: String.self))
        }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Rows

    static func timeline(_ connection: PostgresConnection, callID: String, store: PostGISStore) async throws -> CallTimeline? {
        let columns = CallLifecycleSQL.timelineColumns.joined(separator: ", ")
        let found = try await connection.query("SELECT \(unescaped: columns) FROM calls WHERE id = \(callID)", logger: store.logger).collect()
        guard let call = found.first?.makeRandomAccess() else { return nil }
        let rows = try await connection.query("""
            SELECT \(unescaped: CallLifecycleSQL.eventColumns) FROM call_events WHERE call_id = \(callID) ORDER BY seq
            """, logger: store.logger).collect()
        return try timeline(call, events: rows.map { try Self.event($0.makeRandomAccess(), location: store.location) })
    }

    /// A call row holding `CallLifecycleSQL.timelineColumns`, with its events.
    static func timeline(_ row: PostgresRandomAccessRow, events: [CallEvent]) throws -> CallTimeline {
        var times = CallTimes()
        for column in CallTimes.columns { times[keyPath: column.time] = try row.date(column.name) }
        return .stored(
            callID: try row.value("id"), receivedAt: Date(timeIntervalSince1970: try row.value("received_at")),
            disposition: try row.value("disposition", as: String?.self).flatMap(Disposition.init(rawValue:)),
            teamID: try row.value("team_id"), facilityID: try row.value("facility_id"), times: times, events: events)
    }

    static func event(_ row: PostgresRandomAccessRow, location: String) throws -> CallEvent {
        try CallEventColumns(
            callID: row.value("call_id"), teamID: row.value("team_id"), kind: row.value("kind"), step: row.value("step"),
            at: row.value("at"), keyID: row.value("key_id"), facilityID: row.value("facility_id"),
            reason: row.value("reason"), disposition: row.value("disposition"), outcomes: row.value("outcomes")
        ).event(location: location)
    }

    static func append(_ event: CallEvent, _ connection: PostgresConnection, logger: Logger) async throws {
        let row = CallEventColumns(event)
        try await connection.query("""
            INSERT INTO call_events (\(unescaped: CallLifecycleSQL.eventColumns))
            VALUES (\(row.callID), \(row.teamID), \(row.kind), \(row.step), \(row.at), \(row.keyID), \(row.facilityID),
                    \(row.reason), \(row.disposition), \(row.outcomes))
            """, logger: logger)
        if let team = row.teamID, let step = row.step.flatMap(AssignmentStep.init(rawValue:)) {
            try await connection.query("""
                INSERT INTO assignments (call_id, team_id, step) VALUES (\(row.callID), \(team), \(step.rawValue))
                ON CONFLICT (call_id, team_id) DO UPDATE SET step = excluded.step
                """, logger: logger)
            var update = PostgresQuery(unsafeSQL: CallLifecycleSQL.keepTime(of: step, parameters: ["$1", "$2", "$3", "$4", "$1"]))
            update.binds.append(team)
            update.binds.append(row.at)
            update.binds.append(row.facilityID)
            update.binds.append(row.callID)
            try await connection.query(update, logger: logger)
        }
    }
}
