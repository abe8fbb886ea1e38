import FacteurCore
import FacteurRedis
import FacteurTestSupport
import Foundation
import Testing

@Suite("RedisKeyValueStore against a real redis-server", .timeLimit(.minutes(1)))
struct RedisKeyValueStoreTests {
    @Test("A value set is read back, and a key never set reads as nil")
    func roundTrip() async throws {
        try await withRedisStore { store, server in
            try await store.set("facteur:dispatch:42", to: "{\"workflow\":\"plan-1\"}", ttl: .seconds(60))

            #expect(try await store.get("facteur:dispatch:42") == "{\"workflow\":\"plan-1\"}")
            #expect(try await store.get("facteur:dispatch:43") == nil)
            let ttl = try #require(Int(await server.cli(["PTTL", "facteur:dispatch:42"])))
            #expect(ttl > 50_000 && ttl <= 60_000)
        }
    }

    @Test(
        "Values with spaces, line breaks, NUL, quotes and non-ASCII text round-trip unchanged",
        arguments: SampleValue.all
    )
    func binaryishValues(sample: SampleValue) async throws {
        try await withRedisStore { store, _ in
            let key = "facteur:key with spaces:é:\u{0}:\(sample.name)"

            try await store.set(key, to: sample.value, ttl: .seconds(60))
            #expect(try await store.get(key) == sample.value)

            #expect(try await store.delete(key, ifEqualTo: sample.value))
            #expect(try await store.get(key) == nil)
        }
    }

    @Test("A key set with a short PX expires on the server")
    func expiry() async throws {
        try await withRedisStore { store, _ in
            try await store.set("short", to: "v", ttl: .seconds(2))
            #expect(try await store.get("short") == "v")

            let expired = await eventually(within: .seconds(8)) {
                (try? await store.get("short")) == .some(nil)
            }
            #expect(expired)
        }
    }

    @Test("setIfAbsent writes only when the key is absent, with the TTL")
    func setIfAbsent() async throws {
        try await withRedisStore { store, server in
            #expect(try await store.setIfAbsent("event:1", to: "a", ttl: .seconds(86_400)))
            #expect(try await store.setIfAbsent("event:1", to: "b", ttl: .seconds(86_400)) == false)
            #expect(try await store.get("event:1") == "a")
            let ttl = try #require(Int(await server.cli(["PTTL", "event:1"])))
            #expect(ttl > 86_000_000)

            #expect(try await store.setIfAbsent("event:2", to: "a", ttl: .milliseconds(100)))
            let reclaimed = await eventually(within: .seconds(8)) {
                (try? await store.setIfAbsent("event:2", to: "b", ttl: .seconds(60))) == true
            }
            #expect(reclaimed)
        }
    }

    @Test("Of 20 concurrent setIfAbsent calls on one key, exactly one wins")
    func concurrentSetIfAbsent() async throws {
        try await withRedisStore { store, _ in
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for worker in 0..<20 {
                    group.addTask {
                        try await store.setIfAbsent("event:same", to: "worker-\(worker)", ttl: .seconds(60))
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }

            #expect(winners == 1)
        }
    }

    @Test("delete(ifEqualTo:) removes only a key that still holds the expected value")
    func compareAndDelete() async throws {
        try await withRedisStore { store, _ in
            try await store.set("claim", to: "worker-2", ttl: .seconds(60))

            #expect(try await store.delete("claim", ifEqualTo: "worker-1") == false)
            #expect(try await store.get("claim") == "worker-2")
            #expect(try await store.delete("claim", ifEqualTo: "worker-2"))
            #expect(try await store.get("claim") == nil)
            #expect(try await store.delete("claim", ifEqualTo: "worker-2") == false)
        }
    }

    @Test("ping answers while the server is up")
    func ping() async throws {
        try await withRedisStore { store, _ in
            try await store.ping()
        }
    }

    @Test("200 concurrent operations on a pool of 8 all complete with the right results")
    func concurrentOperations() async throws {
        try await withRedisStore { store, _ in
            let correct = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let key = "load:\(index)"
                        let value = "value-\(index)-é"
                        switch index % 4 {
                        case 0:
                            try await store.set(key, to: value, ttl: .seconds(60))
                            return try await store.get(key) == value
                        case 1:
                            return try await store.setIfAbsent(key, to: value, ttl: .seconds(60))
                        case 2:
                            try await store.set(key, to: value, ttl: .seconds(60))
                            return try await store.delete(key, ifEqualTo: value)
                        default:
                            try await store.ping()
                            return try await store.get(key) == nil
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }

            #expect(correct == 200)
        }
    }

    @Test("Data written in database 2 is not visible in database 0")
    func databaseSelection() async throws {
        try await withRedisServer { server in
            let second = try RedisKeyValueStore(configuration: server.configuration(database: 2))
            let first = try RedisKeyValueStore(configuration: server.configuration(database: 0))

            try await second.set("only-in-2", to: "v", ttl: .seconds(60))

            #expect(try await second.get("only-in-2") == "v")
            #expect(try await first.get("only-in-2") == nil)
            #expect(try await server.cli(["-n", "2", "GET", "only-in-2"]) == "v")
            #expect(try await server.cli(["-n", "0", "EXISTS", "only-in-2"]) == "0")

            await first.shutdown()
            await second.shutdown()
        }
    }

    @Test("A database the server does not have is reported as an invalid response naming SELECT")
    func databaseOutOfRange() async throws {
        try await withRedisServer { server in
            let store = try RedisKeyValueStore(configuration: server.configuration(database: 999))

            await #expect {
                try await store.ping()
            } throws: { error in
                let error = error as? KeyValueStoreError
                return error?.code == .invalidResponse && error?.message.contains("SELECT") == true
            }

            await store.shutdown()
        }
    }

    @Test("After shutdown, commands fail with unavailable instead of hanging")
    func shutdown() async throws {
        try await withRedisServer { server in
            let store = try RedisKeyValueStore(configuration: server.configuration())
            try await store.ping()

            await store.shutdown()

            await #expect(throws: KeyValueStoreError.self) {
                try await store.ping()
            }
        }
    }

    @Test(
        "The basic operations also work against the shared server of FACTEUR_TEST_REDIS_URL",
        .enabled(if: SharedRedis.configuration != nil)
    )
    func sharedServer() async throws {
        let configuration = try #require(SharedRedis.configuration)
        let store = try RedisKeyValueStore(configuration: configuration)
        let key = "facteur-test:\(UUID().uuidString)"

        try await store.ping()
        #expect(try await store.setIfAbsent(key, to: "a b é", ttl: .seconds(30)))
        #expect(try await store.get(key) == "a b é")
        #expect(try await store.delete(key, ifEqualTo: "a b é"))

        await store.shutdown()
    }
}

/// A value to round-trip, named so a failure report does not print a 128 KiB string.
struct SampleValue: Sendable, CustomTestStringConvertible {
    let name: String
    let value: String

    var testDescription: String { name }

    static let all = [
        SampleValue(name: "spaces", value: "two words and  spaces "),
        SampleValue(name: "line breaks", value: "line\r\nbreak\nand\ttab"),
        SampleValue(name: "NUL", value: "nul\u{0}inside"),
        SampleValue(name: "format and quotes", value: "%s %d %b quotes \"'` and backslash \\"),
        SampleValue(name: "unicode", value: "é ü ß 日本語 🚀 👩‍💻"),
        SampleValue(name: "empty", value: ""),
        SampleValue(name: "128 KiB", value: String(repeating: "0123456789abcdef", count: 8192)),
    ]
}
