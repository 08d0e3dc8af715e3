import Foundation
import Synchronization
import Testing
@testable import SpatiaLiteStore

/// The queue between an import's reader and GRDB's writer holds a fixed
/// number of batches: a reader that gets ahead waits, so memory does not
/// grow with the file.
@Suite struct BoundedBatchQueueTests {
    final class Counter: Sendable {
        private let value = Mutex(0)
        func increment() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    @Test func aProducerAheadOfTheConsumerWaitsAtCapacity() async throws {
        let queue = BlockingBatchQueue<Int>(capacity: 2)
        let sent = Counter()
        let producer = Task {
            for item in 0..<6 {
                await queue.send(item)
                sent.increment()
            }
            queue.finish()
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while sent.count < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(sent.count == 2, "the producer ran past the queue's capacity")

        let received = try await Task.detached { () throws -> [Int] in
            var items: [Int] = []
            while let item = try queue.receive() { items.append(item) }
            return items
        }.result.get()
        await producer.value
        #expect(received == Array(0..<6))
        #expect(sent.count == 6)
    }

    @Test func closingLetsAWaitingProducerGoAndRefusesMore() async throws {
        let queue = BlockingBatchQueue<Int>(capacity: 1)
        #expect(await queue.send(1))
        let second = Task { await queue.send(2) }
        try await Task.sleep(for: .milliseconds(100))
        queue.close()
        #expect(await second.value == false)
        #expect(await queue.send(3) == false)
    }
}
