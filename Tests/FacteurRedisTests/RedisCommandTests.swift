import FacteurCore
@testable import FacteurRedis
import Testing

@Suite("Redis commands, configuration and error classification")
struct RedisCommandTests {
    @Test(
        "TTLs become whole milliseconds, rounded up and at least one",
        arguments: [
            (Duration.seconds(900), Int64(900_000)),
            (.milliseconds(1500), 1500),
            (.microseconds(1500), 2),
            (.nanoseconds(1), 1),
            (.zero, 1),
            (.seconds(-3), 1),
        ]
    )
    func milliseconds(ttl: Duration, expected: Int64) {
        #expect(RedisCommand.milliseconds(ttl) == expected)
    }

    @Test("SET NX is sent as an argument vector, so values are never parsed as a format")
    func argumentVector() {
        let command = RedisCommand.setIfAbsent("k %s", to: "v %d\r\n", ttl: .seconds(86_400))

        #expect(command.arguments.map { String(decoding: $0, as: UTF8.self) } == [
            "SET", "k %s", "v %d\r\n", "NX", "PX", "86400000",
        ])
        #expect(command.isIdempotent == false)
        #expect(command.name == "SET NX")
    }

    @Test("AUTH carries the user name only when one is configured")
    func authentication() {
        let withUser = RedisCommand.authenticate(username: "facteur", password: "s3cret")
        let withoutUser = RedisCommand.authenticate(username: nil, password: "s3cret")

        #expect(withUser.arguments.count == 3)
        #expect(withoutUser.arguments.count == 2)
    }

    @Test(
        "Error replies map to the store's codes by their first word",
        arguments: [
            ("NOAUTH Authentication required.", "GET", KeyValueStoreError.Code.authenticationFailed),
            ("WRONGPASS invalid username-password pair or user is disabled.", "GET", .authenticationFailed),
            ("ERR invalid password", "AUTH", .authenticationFailed),
            ("LOADING Redis is loading the dataset in memory", "GET", .unavailable),
            ("READONLY You can't write against a read only replica.", "SET", .unavailable),
            ("WRONGTYPE Operation against a key holding the wrong kind of value", "GET", .invalidResponse),
            ("ERR DB index is out of range", "SELECT", .invalidResponse),
        ]
    )
    func classification(reply: String, command: String, expected: KeyValueStoreError.Code) {
        let error = KeyValueStoreError.redis(errorReply: reply, command: command, server: "redis.example:6379")

        #expect(error.code == expected)
        #expect(error.message.contains(command))
        #expect(error.message.contains("redis.example:6379"))
    }

    @Test("A configuration's description never shows the password")
    func redactedDescription() {
        let configuration = RedisConfiguration(
            host: "::1",
            port: 6380,
            username: "app",
            password: "hunter2",
            database: 3
        )

        #expect(configuration.description == "redis://app:<redacted>@[::1]:6380/3")
        #expect(configuration.serverAddress == "[::1]:6380")
    }

    @Test("rediss:// is refused at construction: this hiredis build has no TLS")
    func tlsUnsupported() {
        let configuration = RedisConfiguration(host: "redis.example", port: 6380, password: "hunter2", useTLS: true)

        #expect {
            _ = try RedisKeyValueStore(configuration: configuration)
        } throws: { error in
            guard let error = error as? KeyValueStoreError else {
                return false
            }
            return error.code == .unsupported
                && error.message.contains("hiredis 0.14 has no TLS support")
                && error.message.contains("redis.example:6380")
                && !error.message.contains("hunter2")
        }
    }
}
