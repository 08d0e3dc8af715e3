import Foundation
import NIOCore
import PostgresNIO
import Store

/// PostgresNIO's errors in the store's words: a server that cannot be
/// reached is `unavailable` (answer 503, try again), anything else the
/// server refused is a `database` error with PostgreSQL's own message.
enum PostGISErrors {
    /// SQLSTATE classes that mean "the server is not there right now":
    /// 08 connection exception, 57P01-03 shutdown/crash/starting up, 53 out of resources.
    static func isUnavailable(sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState) || sqlState.hasPrefix("53")
    }

    static func map(_ error: any Error, location: String) -> any Error {
        switch error {
        case is StoreError, is CancellationError:
            return error
        case let error as PostgresTransactionError:
            // What went wrong inside the transaction matters more than the wrapper.
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return map(inner, location: location)
            }
            return StoreError.unavailable(location: location, message: "the transaction could not finish")
        case let error as PSQLError:
            if error.code == .server, let info = error.serverInfo {
                let state = info[.sqlState] ?? ""
                let message = info[.message] ?? "PostgreSQL refused the request"
                if isUnavailable(sqlState: state) { return StoreError.unavailable(location: location, message: message) }
                let detail = info[.detail].map { " (\($0))" } ?? ""
                return StoreError.database(location: location, message: message + detail)
            }
            if error.code == .queryCancelled {
                return StoreError.unavailable(location: location, message: "the query was cancelled")
            }
            return StoreError.unavailable(location: location, message: "no connection to PostgreSQL (\(error.code))")
        case is IOError, is ChannelError:
            // Socket-level failures (refused, reset, timed out) come from NIO.
            return StoreError.unavailable(location: location, message: "no connection to PostgreSQL (\(error))")
        default:
            // The caller's own errors (a file reader's, say) pass through as they are.
            return error
        }
    }
}

/// Runs `body`, giving up after `limit`: a request must get its 503 in
/// time even when the pool is still waiting for a connection.
func withDeadline<T: Sendable>(
    _ limit: Duration, location: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw StoreError.unavailable(location: location, message: "PostgreSQL did not answer within \(limit)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
