import FacteurConfig
import Testing

@Suite("redis.url")
struct RedisURLTests {
    @Test("the accepted forms parse into their parts", arguments: [
        ("redis://localhost", RedisURL(scheme: .redis, host: "localhost")),
        ("redis://redis:6380/3", RedisURL(scheme: .redis, host: "redis", port: 6380, database: 3)),
        ("redis://:p%40ss@redis:6379/0", RedisURL(scheme: .redis, host: "redis", password: "p@ss")),
        ("redis://user:secret@redis", RedisURL(scheme: .redis, host: "redis", username: "user", password: "secret")),
        ("rediss://cache.example.com:6390", RedisURL(scheme: .rediss, host: "cache.example.com", port: 6390)),
        ("redis://[::1]:6379/1", RedisURL(scheme: .redis, host: "::1", database: 1)),
        ("REDIS://h/", RedisURL(scheme: .redis, host: "h")),
        ("memory://", RedisURL.memory),
    ])
    func valid(text: String, expected: RedisURL) throws {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_REDIS_URL"] = text

        let configuration = try ConfigurationLoader(environment: environment).load(path: nil)

        #expect(configuration.redis.url == expected)
    }

    @Test("malformed URLs are refused without echoing the value", arguments: [
        "localhost:6379", "http://:hunter2@redis", "redis://", "redis://:hunter2@", "redis://h:99999",
        "redis://h/db", "redis://h?db=1", "memory://elsewhere", "redis://:%zz@h",
    ])
    func invalid(text: String) {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_REDIS_URL"] = text

        let problems = ConfigurationFixtures.problems(environment: environment)

        #expect(problems.map(\.key) == ["redis.url"])
        #expect(problems.first?.description.contains("hunter2") == false)
    }

    @Test("the password is redacted in descriptions and kept for connecting")
    func redaction() {
        let url = RedisURL(scheme: .redis, host: "redis", username: "app", password: "s3cr:t@")

        #expect(url.redactedString == "redis://app:<redacted>@redis:6379/0")
        #expect("\(url)" == "redis://app:<redacted>@redis:6379/0")
        #expect(url.unredactedString == "redis://app:s3cr%3At%40@redis:6379/0")
        #expect(!url.isInMemory)
        #expect(RedisURL.memory.isInMemory)
    }
}
