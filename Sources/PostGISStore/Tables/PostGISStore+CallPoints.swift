import Foundation
import PostgresNIO
import Store

extension PostGISStore {
    public func earliestCallTime() async throws -> Date? {
        try await guarded(deadline: true) { [client, logger] in
            for try await (earliest) in try await client.query("SELECT min(received_at) FROM calls", logger: logger).decode(Double?.self) {
                return earliest.map(Date.init(timeIntervalSince1970:))
            }
            return nil
        }
    }

    /// Calls for aggregates, decoded column by column from the binary rows.
    public func callPoints(matching filter: CallFilter) async throws -> CallPoints {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresEncodable & Sendable) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }
        if let since = filter.since { conditions.append("received_at >= \(try bind(since.timeIntervalSince1970))") }
        if let until = filter.until { conditions.append("received_at < \(try bind(until.timeIntervalSince1970))") }
        if let categories = filter.categories {
            conditions.append("category = ANY(\(try bind(categories.map(\.rawValue).sorted())))")
        }
        if let box = filter.box {
            conditions.append("lat BETWEEN \(try bind(box.south)) AND \(try bind(box.north)) AND lon BETWEEN \(try bind(box.west)) AND \(try bind(box.east))")
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let query = PostgresQuery(unsafeSQL: "SELECT lat, lon, received_at, disposition FROM calls\(whereClause)", binds: binds)
        return try await guarded(deadline: false) { [client, logger] in
            var points = CallPoints()
            for try await (lat, lon, at, disposition) in try await client.query(query, logger: logger)
                .decode((Double, Double, Double, String?).self) {
                points.append(latitude: lat, longitude: lon, receivedAt: at, disposition: disposition.flatMap(Disposition.init(rawValue:)))
            }
            return points
        }
    }
}
