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
            let times = CallTimes.columns.map { "c.\($0.name)" }.joined(separator: ", ")
            var select = PostgresQuery(unsafeSQL: """
                SELECT c.id, c.received_at, c.disposition, c.team_id, c.facility_id, c.category, c.priority, c.lat, c.lon, \(times)
                FROM (
                    SELECT id FROM calls WHERE disposition IS NULL AND received_at >= $1
                    UNION
                    SELECT call_id FROM assignments WHERE step <> 'cleared'
                ) AS open JOIN calls c ON c.id = open.id
                WHERE c.disposition IS NULL
                  AND NOT EXISTS (SELECT 1 FROM call_events e WHERE e.call_id = c.id AND e.kind <> 'step')
                ORDER BY c.received_at, c.id
                """)
            select.binds.append(since.timeIntervalSince1970)
            let calls = try await connection.query(select, logger: store.logger).collect().map { $0.makeRandomAccess() }
            guard !calls.isEmpty else { return [] }
            let ids = try calls.map { try $0.value("id", as: String.self) }
            let eventRows = try await connection.query("""
                SELECT call_id, team_id, kind, step, at, key_id, facility_id, reason, disposition, outcomes
                FROM call_events WHERE call_id = ANY(\(ids)) ORDER BY seq
                """, logger: store.logger).collect()
            var events: [String: [CallEvent]] = [:]
            for row in eventRows {
                let event = try Self.event(row.makeRandomAccess(), location: store.location)
                events[event.callID, default: []].append(event)
            }
            return try calls.map { row in
                var stepTimes = CallTimes()
                for column in CallTimes.columns { stepTimes[keyPath: column.time] = try row.date(column.name) }
                let id = try row.value("id", as: String.self)
                let timeline = CallTimeline.stored(
                    callID: id, receivedAt: Date(timeIntervalSince1970: try row.value("received_at")),
                    disposition: try row.value("disposition", as: String?.self).flatMap(Disposition.init(rawValue:)),
                    teamID: try row.value("team_id"), facilityID: try row.value("facility_id"), times: stepTimes, events: events[id] ?? [])
                let categoryName = try row.value("category", as: String.self)
                guard let category = CallCategory(rawValue: categoryName) else {
                    throw StoreError.database(location: store.location, message: "call '\(id)': unknown category '\(categoryName)'")
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
        var select = PostgresQuery(unsafeSQL: """
            SELECT received_at, disposition, team_id, facility_id, \(CallTimes.columns.map(\.name).joined(separator: ", "))
            FROM calls WHERE id = $1
            """)
        select.binds.append(callID)
        let call = try await connection.query(select, logger: store.logger).collect().first
        guard let call = call?.makeRandomAccess() else { return nil }
        let rows = try await connection.query("""
            SELECT call_id, team_id, kind, step, at, key_id, facility_id, reason, disposition, outcomes
            FROM call_events WHERE call_id = \(callID) ORDER BY seq
            """, logger: store.logger).collect()
        let events = try rows.map { try Self.event($0.makeRandomAccess(), location: store.location) }
        var times = CallTimes()
        for column in CallTimes.columns { times[keyPath: column.time] = try call.date(column.name) }
        return .stored(
            callID: callID, receivedAt: Date(timeIntervalSince1970: try call.value("received_at")),
            disposition: try call.value("disposition", as: String?.self).flatMap(Disposition.init(rawValue:)),
            teamID: try call.value("team_id"), facilityID: try call.value("facility_id"), times: times, events: events)
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
            INSERT INTO call_events (call_id, team_id, kind, step, at, key_id, facility_id, reason, disposition, outcomes)
            VALUES (\(row.callID), \(row.teamID), \(row.kind), \(row.step), \(row.at), \(row.keyID), \(row.facilityID),
                    \(row.reason), \(row.disposition), \(row.outcomes))
            """, logger: logger)
        if let team = row.teamID, let step = row.step.flatMap(AssignmentStep.init(rawValue:)) {
            try await connection.query("""
                INSERT INTO assignments (call_id, team_id, step) VALUES (\(row.callID), \(team), \(step.rawValue))
                ON CONFLICT (call_id, team_id) DO UPDATE SET step = excluded.step
                """, logger: logger)
            // As in SpatiaLite: the call's own team keeps its times on the call.
            let column = CallTimes.column(of: step)
            var update = PostgresQuery(unsafeSQL: """
                UPDATE calls SET team_id = $1, \(column) = $2, facility_id = coalesce($3, facility_id)
                WHERE id = $4 AND (team_id IS NULL OR team_id = $1) AND \(column) IS NULL
                """)
            update.binds.append(team)
            update.binds.append(row.at)
            update.binds.append(row.facilityID)
            update.binds.append(row.callID)
            try await connection.query(update, logger: logger)
        }
    }
}
