import Foundation
import Store

/// Hands batches from an async producer to GRDB's writer thread, which must
/// consume them synchronously inside its one transaction. Producers never
/// block; the consumer waits for the next batch, the end, or the producer's error.
///
/// `@unchecked Sendable`: every stored property is read and written only with
/// `condition` locked.
final class BlockingBatchQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var isFinished = false
    private var failure: (any Error)?

    func send(_ item: Element) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        isFinished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; nil at the end. Throws the producer's error, if any,
    /// once the batches sent before it are consumed... or at once: a failed
    /// producer means the transaction is void anyway.
    func receive() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !isFinished { condition.wait() }
        if let failure { throw failure }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 64 {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
