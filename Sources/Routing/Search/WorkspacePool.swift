import Foundation
import Synchronization

/// Search workspaces kept between queries, so concurrent requests each get
/// one of their own without allocating per query. A workspace is taken out
/// of the pool for the length of a query and put back after; the lock is
/// held only for the take and the return.
final class WorkspacePool: Sendable {
    private let nodeCount: Int
    private let idle = Mutex<[SearchWorkspace]>([])
    /// Enough for the requests that run at once (two per core: a query may
    /// hold a pair); beyond it, returned workspaces are dropped rather than
    /// hoarded, as each costs about 30 bytes per node.
    private let keep: Int

    init(nodeCount: Int, keep: Int = 2 * ProcessInfo.processInfo.activeProcessorCount) {
        self.nodeCount = nodeCount
        self.keep = keep
    }

    func withWorkspace<R>(_ body: (inout SearchWorkspace) throws -> R) rethrows -> R {
        var workspace = take()
        defer { give(workspace) }
        workspace.reset()
        return try body(&workspace)
    }

    /// Two workspaces, for searches that run from both ends at once.
    func withWorkspaces<R>(_ body: (inout SearchWorkspace, inout SearchWorkspace) throws -> R) rethrows -> R {
        var forward = take(), backward = take()
        defer { give(forward); give(backward) }
        forward.reset()
        backward.reset()
        return try body(&forward, &backward)
    }

    private func take() -> SearchWorkspace {
        idle.withLock { $0.popLast() } ?? SearchWorkspace(nodeCount: nodeCount)
    }

    private func give(_ workspace: SearchWorkspace) {
        idle.withLock { if $0.count < keep { $0.append(workspace) } }
    }
}
