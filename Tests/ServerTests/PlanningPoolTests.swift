import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Synchronization
import Testing
@testable import Server

/// Planner products run on the planning threads, a bounded number at once,
/// and past the queue are refused with 429 at once.
@Suite struct PlanningPoolTests {
    /// "planning" on one of the pool's threads, else the thread's name.
    static func thread(_ pool: PlanningPool) -> String { pool.executor.isCurrent ? "planning" : (Thread.current.name ?? "?") }

    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func oneRunsOneWaitsTheNextIs429AndWorkIsOffTheCooperativePool() async throws {
        let pool = PlanningPool(limits: PlanningLimits(concurrency: 1, queue: 1))
        let gate = Gate()
        let started = Tally()
        let first = Task {
            try await pool.run {
                started.add()
                await gate.wait()
                return Self.thread(pool)
            }
        }
        try await Self.eventually { started.count == 1 }
        let second = Task {
            try await pool.run {
                started.add()
                return Self.thread(pool)
            }
        }
        // The second waits for the place; give it time to be queued.
        try await Task.sleep(for: .milliseconds(100))
        #expect(started.count == 1, "the second must wait while the first runs")
        await #expect(throws: APIProblem.self) { try await pool.run { 0 } }
        do {
            _ = try await pool.run { 0 }
        } catch let problem as APIProblem {
            #expect(problem.status == .tooManyRequests)
            #expect(problem.detail?.contains("--planning-concurrency") == true)
        }
        gate.open()
        let firstThread = try await first.value
        #expect(firstThread == "planning", "ran on \(firstThread)")
        #expect(try await second.value == "planning")
        #expect(try await pool.run { 1 } == 1, "the places are free again")
    }

    @Test func aDensityRequestBeyondTheQueueIs429WithRetryAfterAndAudited() async throws {
        let fixture = try await RouterFixture(planning: PlanningLimits(concurrency: 1, queue: 0))
        defer { fixture.remove() }
        let gate = Gate()
        let started = Tally()
        let holder = Task {
            try await fixture.services.planning.run {
                started.add()
                await gate.wait()
            }
        }
        try await Self.eventually { started.count == 1 }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: DensityRouterTests.exact, method: .get, headers: fixture.headers(.admin)) { response in
                #expect(response.status == .tooManyRequests, "\(response.text)")
                #expect(response.headers[.retryAfter] == "2")
                #expect(response.object["type"] as? String == "/problems/too-many-requests")
            }
            // Dispatch is not behind the planners.
            try await client.execute(uri: "/v1/teams/nearest?lat=39.74&lon=-104.99", method: .get, headers: fixture.headers(.dispatcher)) {
                #expect($0.status == .ok)
            }
            gate.open()
            try await holder.value
            try await client.execute(uri: DensityRouterTests.exact, method: .get, headers: fixture.headers(.admin)) {
                #expect($0.status == .ok)
            }
        }
        let entries = try await fixture.auditEntries().filter { $0.endpoint == "/v1/density" }
        #expect(entries.map { "\($0.status) \($0.outcome)" } == ["429 limited", "200 ok"])
    }
}

/// A gate a test opens: work waits on it without holding a thread.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state in
                if !state.open { state.waiting.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }
    func open() {
        let waiting = state.withLock { state in
            state.open = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        waiting.forEach { $0.resume() }
    }
}

/// A count several tasks touch.
final class Tally: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
