import FacteurCore
import FacteurTestSupport
import Foundation
import Synchronization
import Testing

@Suite("The memory:// store")
struct InMemoryKeyValueStoreTests {
    let clock = ManualClock()

    func makeStore() -> InMemoryKeyValueStore {
        InMemoryKeyValueStore(now: clock.now)
    }

    @Test("A value set is read back, and a key never set reads as nil")
    func roundTrip() async throws {
        let store = makeStore()

        try await store.set("facteur:dispatch:1", to: "{\"a\":1} é ✓", ttl: .seconds(60))

        #expect(try await store.get("facteur:dispatch:1") == "{\"a\":1} é ✓")
        #expect(try await store.get("facteur:dispatch:2") == nil)
    }

    @Test("A key lives exactly as long as its TTL")
    func expiry() async throws {
        let store = makeStore()
        try await store.set("k", to: "v", ttl: .seconds(15 * 60))

        clock.advance(by: .seconds(15 * 60) - .milliseconds(1))
        #expect(try await store.get("k") == "v")

        clock.advance(by: .milliseconds(1))
        #expect(try await store.get("k") == nil)
        #expect(store.count == 0)
    }

    @Test("set overwrites the value and restarts the TTL")
    func overwrite() async throws {
        let store = makeStore()
        try await store.set("k", to: "first", ttl: .seconds(10))
        clock.advance(by: .seconds(8))

        try await store.set("k", to: "second", ttl: .seconds(10))
        clock.advance(by: .seconds(8))

        #expect(try await store.get("k") == "second")
    }

    @Test("A TTL below a millisecond, zero or negative keeps the key for one millisecond, as Redis PX would")
    func tinyTTL() async throws {
        let store = makeStore()
        for (index, ttl) in [Duration.microseconds(10), .zero, .seconds(-5)].enumerated() {
            try await store.set("k\(index)", to: "v", ttl: ttl)
        }
        #expect(store.count == 3)

        clock.advance(by: .milliseconds(1))
        #expect(store.count == 0)
    }

    @Test("setIfAbsent writes only when the key is absent or expired")
    func setIfAbsent() async throws {
        let store = makeStore()

        #expect(try await store.setIfAbsent("claim", to: "worker-1", ttl: .seconds(30)))
        #expect(try await store.setIfAbsent("claim", to: "worker-2", ttl: .seconds(30)) == false)
        #expect(try await store.get("claim") == "worker-1")

        clock.advance(by: .seconds(30))
        #expect(try await store.setIfAbsent("claim", to: "worker-2", ttl: .seconds(30)))
        #expect(try await store.get("claim") == "worker-2")
    }

    @Test("Of 20 concurrent setIfAbsent calls on one key, exactly one wins")
    func concurrentSetIfAbsent() async throws {
        let store = makeStore()

        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for worker in 0..<20 {
                group.addTask {
                    try await store.setIfAbsent("event:1", to: "worker-\(worker)", ttl: .seconds(86_400))
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }

        #expect(winners == 1)
    }

    @Test("delete(ifEqualTo:) removes only a key that still holds the expected value")
    func compareAndDelete() async throws {
        let store = makeStore()
        try await store.set("claim", to: "worker-2", ttl: .seconds(30))

        #expect(try await store.delete("claim", ifEqualTo: "worker-1") == false)
        #expect(try await store.get("claim") == "worker-2")

        #expect(try await store.delete("claim", ifEqualTo: "worker-2"))
        #expect(try await store.get("claim") == nil)
        #expect(try await store.delete("claim", ifEqualTo: "worker-2") == false)
    }

    @Test("An expired key is not deleted by compare-and-delete, and its value cannot be matched")
    func compareAndDeleteExpired() async throws {
        let store = makeStore()
        try await store.set("claim", to: "worker-1", ttl: .seconds(1))
        clock.advance(by: .seconds(2))

        #expect(try await store.delete("claim", ifEqualTo: "worker-1") == false)
    }

    @Test("ping always succeeds")
    func ping() async throws {
        try await makeStore().ping()
    }

    @Test("Expired keys nobody reads again are swept out by later writes")
    func sweep() async throws {
        let store = makeStore()
        for index in 0..<300 {
            try await store.set("old-\(index)", to: "v", ttl: .seconds(1))
        }
        clock.advance(by: .seconds(2))
        for index in 0..<300 {
            try await store.set("new-\(index)", to: "v", ttl: .seconds(60))
        }

        #expect(store.count == 300)
        #expect(try await store.get("new-0") == "v")
    }

    @Test("A store built on the pipeline's clock expires keys as that clock advances")
    func pipelineClock() async throws {
        let pipelineClock = SteppedPipelineClock()
        let store = InMemoryKeyValueStore(clock: pipelineClock)
        try await store.set("k", to: "v", ttl: .seconds(60))

        pipelineClock.advance(by: 59)
        #expect(try await store.get("k") == "v")
        pipelineClock.advance(by: 1)
        #expect(try await store.get("k") == nil)
    }
}

/// A wall-clock `PipelineClock` that moves only when told.
private final class SteppedPipelineClock: PipelineClock {
    private let current = Mutex(Date(timeIntervalSince1970: 1_700_000_000))

    func now() -> Date {
        current.withLock { $0 }
    }

    func sleep(for duration: Duration) async throws {}

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}
