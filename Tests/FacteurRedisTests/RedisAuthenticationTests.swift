import FacteurCore
import FacteurRedis
import FacteurTestSupport
import Testing

@Suite("RedisKeyValueStore authentication", .timeLimit(.minutes(1)))
struct RedisAuthenticationTests {
    static let password = "s3cret pass:word"

    @Test("The right password authenticates every pooled connection")
    func rightPassword() async throws {
        try await withRedisServer(arguments: ["--requirepass", Self.password]) { server in
            let store = try RedisKeyValueStore(configuration: server.configuration(password: Self.password))

            try await store.ping()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<32 {
                    group.addTask {
                        try await store.set("k\(index)", to: "v", ttl: .seconds(60))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await server.cli(["DBSIZE"], password: Self.password) == "32")

            await store.shutdown()
        }
    }

    @Test(
        "A wrong or missing password fails with authenticationFailed, without revealing it",
        arguments: ["not the password", nil]
    )
    func wrongPassword(password: String?) async throws {
        try await withRedisServer(arguments: ["--requirepass", Self.password]) { server in
            let store = try RedisKeyValueStore(configuration: server.configuration(password: password))

            for _ in 0..<2 {
                await #expect {
                    try await store.set("k", to: "v", ttl: .seconds(60))
                } throws: { error in
                    guard let error = error as? KeyValueStoreError else {
                        return false
                    }
                    return error.code == .authenticationFailed
                        && error.message.contains("127.0.0.1:\(server.port)")
                        && !error.message.contains(Self.password)
                        && !(password.map(error.message.contains) ?? false)
                }
            }

            await store.shutdown()
        }
    }

    @Test("An ACL user name is sent with its password")
    func aclUser() async throws {
        try await withRedisServer { server in
            _ = try await server.cli(["ACL", "SETUSER", "facteur", "on", ">\(Self.password)", "~*", "+@all"])
            let store = try RedisKeyValueStore(
                configuration: server.configuration(password: Self.password, username: "facteur")
            )
            let wrongUser = try RedisKeyValueStore(
                configuration: server.configuration(password: Self.password, username: "someone")
            )

            try await store.set("acl", to: "ok", ttl: .seconds(60))
            #expect(try await store.get("acl") == "ok")
            await #expect {
                try await wrongUser.ping()
            } throws: { error in
                (error as? KeyValueStoreError)?.code == .authenticationFailed
            }

            await store.shutdown()
            await wrongUser.shutdown()
        }
    }
}
