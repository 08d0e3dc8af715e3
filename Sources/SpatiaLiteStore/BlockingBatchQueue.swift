import Foundation
import Store

/// Hands batches from an async producer to GRDB's writer thread, which must
/// consume them synchronously inside its one transaction. At most `capacity`
/// batches wait: a producer that gets ahead is suspended (not a blocked
/// thread) until the writer takes one, so a large import holds a few batches
/// in memory, not the file. The consumer waits for the next batch, the end,
/// or the producer's error.
///
/// One producer, one consumer. `@unchecked Sendable`: every stored property
/// is read and written only with `condition` locked.
final class BlockingBatchQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Element] = []
    private var head = 0
    private var isFinished = false
    private var isClosed = false
    private var failure: (any Error)?
    private var waitingProducer: CheckedContinuation<Void, Never>?

    init(capacity: Int = 2) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Queues `item`, first waiting while the queue is full. False once the
    /// consumer has closed the queue: the producer should stop.
    @discardableResult
    func send(_ item: Element) async -> Bool {
        await withCheckedContinuation { waitForRoom($0) }
        return append(item)
    }

    private func waitForRoom(_ continuation: CheckedContinuation<Void, Never>) {
        condition.lock()
        if isClosed || items.count - head < capacity {
            condition.unlock()
            continuation.resume()
        } else {
            waitingProducer = continuation
            condition.unlock()
        }
    }

    private func append(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { return false }
        items.append(item)
        condition.signal()
        return true
    }

    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        isFinished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer is done (committed or failed): a waiting producer is let
    /// go and later batches are refused.
    func close() {
        condition.lock()
        isClosed = true
        items = []
        head = 0
        let producer = waitingProducer
        waitingProducer = nil
        condition.unlock()
        producer?.resume()
    }

    /// The next batch; nil at the end. Throws the producer's error, if any,
    /// at once: a failed producer means the transaction is void anyway.
    func receive() throws -> Element? {
        condition.lock()
        while head == items.count && !isFinished { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        guard head < items.count else {
            condition.unlock()
            return nil
        }
        let item = items[head]
        head += 1
        if head > 64 || head == items.count {
            items.removeFirst(head)
            head = 0
        }
        let producer = waitingProducer
        waitingProducer = nil
        condition.unlock()
        producer?.resume()
        return item
    }

    /// Starts the producer: a task moving `batches` into the queue until they
    /// end, fail, or the consumer closes the queue.
    func startFeeding<Batches: AsyncSequence & Sendable>(from batches: Batches) -> Task<Void, Never>
    where Batches.Element == Element {
        Task {
            do {
                for try await batch in batches {
                    guard await send(batch) else { return }
                }
                finish()
            } catch {
                finish(throwing: error)
            }
        }
    }
}
