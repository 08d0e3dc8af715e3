import Foundation
import GeoCore
import GRDB
import Store

/// Calls from received to cleared in the SpatiaLite file. One writer at a
/// time (`BEGIN IMMEDIATE`) is what serializes two dispatchers: the second
/// reads the first one's assignment and is refused.
struct SpatiaLiteLifecycle: CallLifecycleStore {
    let store: SpatiaLiteStore

    func apply(_ action: LifecycleAction, toCall callID: String, at: Date, keyID: String?) async throws -> LifecycleChange {
        let location = store.location
        return try await store.guardedWrite { db in
            guard let timeline = try Self.timeline(db, callID: callID, location: location) else { throw LifecycleRefusal.noCall(callID) }
            if let team = action.teamID, try !Self.exists(db, table: "teams", id: team) { throw LifecycleRefusal.noTeam(team) }
            if case .step(_, _, let facility?) = action, try !Self.exists(db, table: "facilities", id: facility) {
                throw LifecycleRefusal.noFacility(facility)
            }
            var otherCall: String?
            if case .assign(let team, _) = action {
                otherCall = try String.fetchOne(db, sql: """
                    SELECT call_id FROM assignments WHERE team_id = ? AND step <> 'cleared' AND call_id <> ?
                    """, arguments: [team, callID])
            }
            let events = try timeline.events(for: action, at: at, keyID: keyID, teamOnCall: otherCall)
            for event in events { try Self.append(event, db) }
            if case .close(let disposition, _) = action {
                try db.execute(sql: "UPDATE calls SET disposition = ? WHERE id = ?", arguments: [disposition.rawValue, callID])
            }
            var teams: [LifecycleChange.TeamStatusChange] = []
            for (team, status, when) in LifecycleChange.statuses(after: events) {
                try db.execute(
                    sql: "UPDATE teams SET status = ?, status_at = ? WHERE id = ? AND (status_at IS NULL OR status_at < ?)",
                    arguments: [status.rawValue, when.storedValue, team, when.storedValue])
                teams.append(.init(teamID: team, status: status, at: when, applied: db.changesCount > 0))
            }
            let after = try Self.timeline(db, callID: callID, location: location)!
            let preempted = try otherCall.flatMap { try Self.timeline(db, callID: $0, location: location) }
            return LifecycleChange(timeline: after, preempted: preempted, teams: teams)
        }
    }

    func timeline(callID: String) async throws -> CallTimeline? {
        let location = store.location
        return try await store.guardedRead { db in try Self.timeline(db, callID: callID, location: location) }
    }

    /// Two queries: the open calls' rows, then all their events.
    func openCalls(receivedSince since: Date) async throws -> [OpenCall] {
        let location = store.location
        return try await store.guardedRead { db in
            let timelineColumns = CallLifecycleSQL.timelineColumns.map { "c.\($0)" }.joined(separator: ", ")
            let calls = try Row.fetchAll(db, sql: CallLifecycleSQL.openCalls(
                selecting: timelineColumns + ", c.category, c.priority, c.lat, c.lon", since: "?"), arguments: [since.storedValue])
            guard !calls.isEmpty else { return [] }
            let ids: [String] = calls.map { $0[0] }
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let eventRows = try Row.fetchAll(db, sql: """
                SELECT \(CallLifecycleSQL.eventColumns) FROM call_events WHERE call_id IN (\(placeholders)) ORDER BY seq
                """, arguments: StatementArguments(ids))
            var events: [String: [CallEvent]] = [:]
            for row in eventRows {
                let event = try Self.event(row, location: location)
                events[event.callID, default: []].append(event)
            }
            let extra = CallLifecycleSQL.timelineColumns.count
            return try calls.map { row in
                let timeline = Self.timeline(row, events: events[row[0]] ?? [])
                guard let category = CallCategory(rawValue: row[extra]) else {
                    throw StoreError.database(location: location, message: "call '\(timeline.callID)': unknown category '\(row[extra] as String)'")
                }
                return OpenCall(timeline: timeline, category: category, priority: row[extra + 1],
                                location: Coordinate(uncheckedLatitude: row[extra + 2], longitude: row[extra + 3]))
            }
        }
    }

    func openAssignments() async throws -> [String: String] {
        try await store.guardedRead { db in
            let rows = try Row.fetchAll(db, sql: "SELECT team_id, call_id FROM assignments WHERE step <> 'cleared'")
            return Dictionary(rows.map { ($0["team_id"], $0["call_id"]) }, uniquingKeysWith: { first, _ in first })
        }
    }

    // MARK: Rows

    static func timeline(_ db: Database, callID: String, location: String) throws -> CallTimeline? {
        guard let call = try Row.fetchOne(
            db, sql: "SELECT \(CallLifecycleSQL.timelineColumns.joined(separator: ", ")) FROM calls WHERE id = ?", arguments: [callID]
        ) else { return nil }
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(CallLifecycleSQL.eventColumns) FROM call_events WHERE call_id = ? ORDER BY seq", arguments: [callID])
        return timeline(call, events: try rows.map { try Self.event($0, location: location) })
    }

    /// A call row that starts with `CallLifecycleSQL.timelineColumns`, with its events.
    static func timeline(_ row: Row, events: [CallEvent]) -> CallTimeline {
        var times = CallTimes()
        for (offset, column) in CallTimes.columns.enumerated() {
            times[keyPath: column.time] = (row[5 + offset] as Double?).map(Date.init(storedValue:))
        }
        return .stored(
            callID: row[0], receivedAt: Date(storedValue: row[1]), disposition: (row[2] as String?).flatMap(Disposition.init(rawValue:)),
            teamID: row[3], facilityID: row[4], times: times, events: events)
    }

    /// A `call_events` row selected in `CallEventColumns`' order.
    static func event(_ row: Row, location: String) throws -> CallEvent {
        try CallEventColumns(
            callID: row[0], teamID: row[1], kind: row[2], step: row[3], at: row[4], keyID: row[5], facilityID: row[6],
            reason: row[7], disposition: row[8], outcomes: row[9]
        ).event(location: location)
    }

    static func append(_ event: CallEvent, _ db: Database) throws {
        let row = CallEventColumns(event)
        try db.execute(
            sql: "INSERT INTO call_events (\(CallLifecycleSQL.eventColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [row.callID, row.teamID, row.kind, row.step, row.at, row.keyID, row.facilityID, row.reason,
                        row.disposition, row.outcomes])
        if let team = row.teamID, let step = row.step.flatMap(AssignmentStep.init(rawValue:)) {
            try db.execute(
                sql: """
                    INSERT INTO assignments (call_id, team_id, step) VALUES (?, ?, ?)
                    ON CONFLICT (call_id, team_id) DO UPDATE SET step = excluded.step
                    """,
                arguments: [row.callID, team, step.rawValue])
            try db.execute(sql: CallLifecycleSQL.keepTime(of: step, parameters: Array(repeating: "?", count: 5)),
                           arguments: [team, row.at, row.facilityID, row.callID, team])
        }
    }

    private static func exists(_ db: Database, table: String, id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
    }
}

extension SpatiaLiteStore {
    public var lifecycle: any CallLifecycleStore { SpatiaLiteLifecycle(store: self) }
}
