import Foundation
import GRDB
import GRDBSQLite
import Store

extension SpatiaLiteStore {
    public func earliestCallTime() async throws -> Date? {
        try await guardedRead { db in
            try Double.fetchOne(db, sql: "SELECT min(received_at) FROM calls").map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Steps the statement through SQLite's C API: at a million rows, GRDB's
    /// row objects would cost more than the query itself.
    public func callPoints(matching filter: CallFilter) async throws -> CallPoints {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let since = filter.since {
            conditions.append("received_at >= ?")
            arguments.append(since.storedValue)
        }
        if let until = filter.until {
            conditions.append("received_at < ?")
            arguments.append(until.storedValue)
        }
        if let categories = filter.categories {
            conditions.append("category IN (\(Array(repeating: "?", count: categories.count).joined(separator: ", ")))")
            arguments += categories.map(\.rawValue).sorted()
        }
        if let box = filter.box {
            conditions.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
            arguments += [box.south, box.north, box.west, box.east]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT lat, lon, received_at, disposition FROM calls\(whereClause)"
        let bound = StatementArguments(arguments.map { $0.databaseValue })
        return try await guardedRead { db in
            let statement = try db.makeStatement(sql: sql)
            statement.setUncheckedArguments(bound)
            var points = CallPoints()
            let handle = statement.sqliteStatement
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                var disposition: Disposition?
                if let text = sqlite3_column_text(handle, 3) {
                    disposition = Disposition(rawValue: String(cString: text))
                }
                points.append(latitude: sqlite3_column_double(handle, 0), longitude: sqlite3_column_double(handle, 1),
                              receivedAt: sqlite3_column_double(handle, 2), disposition: disposition)
            }
            sqlite3_reset(handle)
            return points
        }
    }
}
