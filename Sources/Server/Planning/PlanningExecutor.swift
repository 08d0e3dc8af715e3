import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A task executor with threads of its own at a lower CPU priority (nice 10):
/// planner products run here, off Swift's cooperative pool and behind the
/// dispatch routes whenever both want a core. Threads start on first use
/// and live as long as the server.
final class PlanningExecutor: TaskExecutor, @unchecked Sendable {
    private let threads: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var started = false
    private var workers: [pthread_t] = []

    init(threads: Int) {
        self.threads = max(1, threads)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if !started {
            started = true
            for index in 0..<threads {
                Thread { [self] in work(name: "cm-planning-\(index)") }.start()
            }
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Whether the caller is one of this executor's threads.
    var isCurrent: Bool {
        let me = pthread_self()
        condition.lock()
        defer { condition.unlock() }
        return workers.contains { pthread_equal($0, me) != 0 }
    }

    private func work(name: String) {
        // Named from inside: on Linux a name set before start does not reach
        // the thread (15 characters at most, as `top -H` shows it).
        Thread.current.name = name
        condition.lock()
        workers.append(pthread_self())
        condition.unlock()
        // On Linux the nice value is per thread; 0 names the calling one.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
