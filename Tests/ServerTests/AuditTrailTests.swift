import Foundation
import Logging
import Store
import Synchronization
import Testing
@testable import Server

@Suite struct AuditTrailTests {
    /// An audit log that keeps what it is given and can be told to refuse.
    final class FlakyLog: AuditLog, Sendable {
        let written = Mutex<[[AuditEntry]]>([])
        let refuseFromCall = Mutex<Int?>(nil)
        private let calls = Mutex(0)

        func append(_ entries: [AuditEntry]) async throws {
            let call = calls.withLock { $0 += 1; return $0 }
            if let refuse = refuseFromCall.withLock({ $0 }), call >= refuse {
                throw StoreError.unavailable(location: "test", message: "down")
            }
            written.withLock { $0.append(entries) }
        }

        func entries(since: Date?, limit: Int?) async throws -> [AuditEntry] { written.withLock { $0.flatMap { $0 } } }
    }

    static func entry(_ i: Int) -> AuditEntry {
        AuditEntry(at: Date(timeIntervalSince1970: Double(i)), keyID: "k", role: .dispatcher, method: "GET",
                   endpoint: "/v1/teams", subject: "\(i)", status: 200, outcome: "ok")
    }

    @Test func aBacklogIsWrittenInBoundedChunksAndAFailureKeepsOnlyTheUnwritten() async throws {
        let log = FlakyLog()
        let trail = AuditTrail(log: log, logger: Logger(label: "test"))
        let count = AuditTrail.chunkSize * 2 + 1
        for i in 0..<count { trail.record(Self.entry(i)) }

        log.refuseFromCall.withLock { $0 = 2 }
        await trail.flush()
        #expect(log.written.withLock { $0.map(\.count) } == [AuditTrail.chunkSize], "the first chunk landed before the failure")

        log.refuseFromCall.withLock { $0 = nil }
        trail.record(Self.entry(count))
        await trail.flush()
        let chunks = log.written.withLock { $0 }
        #expect(chunks.allSatisfy { $0.count <= AuditTrail.chunkSize })
        #expect(chunks.flatMap { $0 }.map(\.subject) == (0...count).map { "\($0)" }, "each entry once, oldest first")
    }
}
