import Foundation
import Metrics
import Synchronization

/// How much planner work (density, heat maps, underserved rankings) the
/// server does at once, and how much it lets wait.
public struct PlanningLimits: Sendable {
    /// Products computed at the same time, each on a thread of its own.
    public var concurrency: Int
    /// Requests that may wait for a free place; more are refused with 429.
    public var queue: Int

    public init(concurrency: Int = 1, queue: Int = 8) {
        self.concurrency = concurrency
        self.queue = queue
    }
}

/// Runs planner products on `PlanningExecutor`'s low-priority threads, never
/// on the cooperative pool the dispatch routes answer from: on a two-core
/// machine that pool has two threads, and one heat map on each would hold
/// every recommendation until both finished. At most `concurrency` run; up to
/// `queue` more wait in order; past that the request is refused with 429 and
/// `Retry-After` at once, so a crowd of planners costs dispatch nothing.
final class PlanningPool: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Bool, Never>] = []
    }

    let limits: PlanningLimits
    let executor: PlanningExecutor
    private let state = Mutex(State())
    private let refused = Counter(label: "crisismap_planning_refused_total")

    init(limits: PlanningLimits) {
        self.limits = limits
        executor = PlanningExecutor(threads: limits.concurrency)
    }

    /// `work` on a planning thread, once a place is free; 429 when the queue is full.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await admit()
        defer { leave() }
        return try await withTaskExecutorPreference(executor) { try await work() }
    }

    /// Returns once a place is this request's; throws the 429 when none is
    /// free and the queue is full. Deciding and queueing happen under one
    /// lock, so a place freed in between cannot be missed.
    private func admit() async throws {
        let refusedNow: Bool = await withCheckedContinuation { continuation in
            let queued: Bool? = state.withLock { state in
                if state.running < limits.concurrency {
                    state.running += 1
                    return false
                }
                guard state.waiting.count < limits.queue else { return nil }
                state.waiting.append(continuation)
                return true
            }
            switch queued {
            case false?: continuation.resume(returning: false)
            case nil: continuation.resume(returning: true)
            case true?: break // resumed by `leave()` with `false`
            }
        }
        if refusedNow {
            refused.increment()
            throw APIProblem.tooManyRequests(
                "\(limits.concurrency) planner product(s) are being computed and \(limits.queue) wait (--planning-concurrency, --planning-queue)")
        }
    }

    /// Hands the place to the next waiting request, or frees it.
    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: false)
    }
}
