import FacteurConfig
import Testing

@Suite("Durations such as 500ms, 15s, 15m, 1h and 1h30m")
struct DurationTests {
    @Test("valid durations are read exactly", arguments: [
        ("500ms", Duration.milliseconds(500)),
        ("15s", .seconds(15)),
        ("15m", .seconds(900)),
        ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)),
        ("1m30s500ms", .milliseconds(90_500)),
        ("1.5s", .milliseconds(1500)),
        ("250us", .microseconds(250)),
        ("10ns", .nanoseconds(10)),
        ("2h0m1s", .seconds(7201)),
    ])
    func valid(text: String, expected: Duration) throws {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_SERVER_SHUTDOWN_TIMEOUT"] = text

        let configuration = try ConfigurationLoader(environment: environment).load(path: nil)

        #expect(configuration.server.shutdownTimeout == expected)
    }

    @Test("malformed, unitless, negative and zero durations are refused", arguments: [
        "10", "abc", "10 s", "-5s", "1d", "1h30", "s", ".s", "1.2.3s", "0s", "0h0m", "99999999999h",
    ])
    func invalid(text: String) {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_REDIS_SESSION_TTL"] = text

        let problems = ConfigurationFixtures.problems(environment: environment)

        #expect(problems.map(\.key) == ["redis.session_ttl"])
        #expect(problems.first?.message.hasPrefix("\"\(text)\"") == true)
    }

    @Test("durations are printed so that they read back exactly", arguments: [
        Duration.milliseconds(500), .seconds(10), .seconds(5400), .milliseconds(90_500), .nanoseconds(1_000_001),
    ])
    func roundTrip(duration: Duration) throws {
        var configuration = try ConfigurationLoader(environment: ConfigurationFixtures.minimalEnvironment)
            .load(path: nil)
        configuration.server.shutdownTimeout = duration

        let reloaded = try ConfigurationLoader(environment: [:]).load(yaml: configuration.renderYAML(), name: "print")

        #expect(reloaded.server.shutdownTimeout == duration)
    }
}
