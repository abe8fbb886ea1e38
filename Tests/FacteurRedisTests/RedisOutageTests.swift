import FacteurCore
import FacteurLogging
import FacteurRedis
import FacteurTestSupport
import Foundation
import Testing

@Suite("RedisKeyValueStore through Redis outages", .timeLimit(.minutes(1)))
struct RedisOutageTests {
    @Test("With Redis stopped, commands fail with unavailable quickly, and keep failing fast")
    func stoppedServer() async throws {
        try await withRedisServer { server in
            let store = try RedisKeyValueStore(configuration: server.configuration())
            try await store.set("k", to: "v", ttl: .seconds(60))

            await server.stop()

            let started = ContinuousClock.now
            for _ in 0..<20 {
                await #expect {
                    try await store.get("k")
                } throws: { error in
                    let error = error as? KeyValueStoreError
                    return error?.code == .unavailable && error?.message.contains("127.0.0.1:\(server.port)") == true
                }
            }
            // Twenty commands at the 2 s command timeout would take 40 s; failing fast is far less.
            #expect(ContinuousClock.now - started < .seconds(6))

            await store.shutdown()
        }
    }

    @Test("After Redis restarts on the same port, the same store works again")
    func restartedServer() async throws {
        try await withRedisServer { server in
            let store = try RedisKeyValueStore(configuration: server.configuration())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<16 {
                    group.addTask { try await store.set("warm-\(index)", to: "v", ttl: .seconds(60)) }
                }
                try await group.waitForAll()
            }

            await server.stop()
            await #expect(throws: KeyValueStoreError.self) {
                try await store.ping()
            }
            try await server.start()

            let recovered = await eventually(within: .seconds(5)) {
                (try? await store.ping()) != nil
            }
            #expect(recovered)
            // Connections the restart closed are replaced before use, so a command that is
            // never retried (SET NX) does not fail on one of them.
            for index in 0..<16 {
                #expect(try await store.setIfAbsent("after-\(index)", to: "v", ttl: .seconds(60)))
            }
            #expect(try await store.get("after-0") == "v")

            await store.shutdown()
        }
    }

    @Test("An outage is logged once as a warning and its end once as info, never with the password")
    func outageLogging() async throws {
        let password = "log-me-not"
        try await withRedisServer(arguments: ["--requirepass", password]) { server in
            let log = RecordingLog()
            let store = try RedisKeyValueStore(
                configuration: server.configuration(password: password),
                logger: log.makeLogger()
            )
            try await store.ping()

            await server.stop()
            for _ in 0..<10 {
                _ = try? await store.ping()
            }
            try await server.start()
            let recovered = await eventually(within: .seconds(5)) {
                (try? await store.ping()) != nil
            }
            await store.shutdown()

            #expect(recovered)
            let lines = log.lines
            #expect(lines.count { $0.contains("redis unavailable") } == 1)
            #expect(lines.count { $0.contains("redis connection restored") } == 1)
            #expect(lines.allSatisfy { !$0.contains(password) })
        }
    }

    @Test("A store created while Redis is down starts working once Redis is up")
    func createdBeforeServer() async throws {
        try await withRedisServer { server in
            await server.stop()
            let store = try RedisKeyValueStore(configuration: server.configuration())
            await #expect(throws: KeyValueStoreError.self) {
                try await store.ping()
            }

            try await server.start()

            let recovered = await eventually(within: .seconds(5)) {
                (try? await store.ping()) != nil
            }
            #expect(recovered)

            await store.shutdown()
        }
    }

    @Test("A server that accepts but never answers costs one command timeout, then unavailable")
    func frozenServer() async throws {
        try await withRedisServer { server in
            let store = try RedisKeyValueStore(configuration: server.configuration())
            try await store.ping()

            server.setFrozen(true)
            defer { server.setFrozen(false) }
            let started = ContinuousClock.now

            await #expect {
                try await store.get("k")
            } throws: { error in
                // GET's thread may first open a connection; then its SELECT is what times out.
                (error as? KeyValueStoreError)?.code == .unavailable
            }
            #expect(ContinuousClock.now - started < .seconds(6))

            server.setFrozen(false)
            let recovered = await eventually(within: .seconds(5)) {
                (try? await store.ping()) != nil
            }
            #expect(recovered)

            await store.shutdown()
        }
    }

    @Test("A command still queued when its task is cancelled returns at once")
    func cancellation() async throws {
        try await withRedisServer { server in
            let store = try RedisKeyValueStore(configuration: server.configuration(poolSize: 1))
            try await store.ping()
            server.setFrozen(true)
            defer { server.setFrozen(false) }

            // The only thread is now stuck on this command until the command timeout.
            let blocking = Task { try await store.get("blocking") }
            try await Task.sleep(for: .milliseconds(50))
            let queued = Task { try await store.get("queued") }
            try await Task.sleep(for: .milliseconds(50))

            let started = ContinuousClock.now
            queued.cancel()
            await #expect(throws: KeyValueStoreError.self) {
                try await queued.value
            }
            #expect(ContinuousClock.now - started < .milliseconds(1500))

            _ = try? await blocking.value
            await store.shutdown()
        }
    }
}
