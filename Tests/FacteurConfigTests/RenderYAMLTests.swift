import FacteurConfig
import FacteurYAML
import Testing

@Suite("config print: the effective configuration as YAML")
struct RenderYAMLTests {
    @Test("secrets are shown as <redacted> and never in clear")
    func redaction() throws {
        let text = ConfigurationFixtures.everyKeyConfiguration.renderYAML()

        for secret in ["file-token", "s3cret", "kafka-secret", "codex-secret"] {
            #expect(!text.contains(secret))
        }
        let root = try #require(try YAMLParser().parse(text)?.mapping)
        #expect(root["discord"]?.mapping?["bot_token"]?.scalar?.value == "<redacted>")
        #expect(root["redis"]?.mapping?["url"]?.scalar?.value == "redis://:<redacted>@redis.internal:6380/2")
        #expect(root["consumer"]?.mapping?["sasl"]?.mapping?["password"]?.scalar?.value == "<redacted>")
        #expect(root["codex_listener"]?.mapping?["sasl"]?.mapping?["password"]?.scalar?.value == "<redacted>")
    }

    @Test("every key of the table is printed")
    func everyKeyPrinted() throws {
        let root = try #require(try YAMLParser().parse(ConfigurationFixtures.everyKeyConfiguration.renderYAML()))
        let printed = ConfigurationFixtures.dottedKeys(of: root, stoppingAt: ["argo.parameters", "role_map"])
        #expect(printed == ConfigurationKey.all.map(\.name))
    }

    @Test("the printed YAML loads back into the same configuration, secrets aside")
    func roundTrip() throws {
        let original = ConfigurationFixtures.everyKeyConfiguration

        let reloaded = try ConfigurationLoader(environment: [:]).load(yaml: original.renderYAML(), name: "print")

        var expected = original
        expected.discord.botToken = "<redacted>"
        expected.redis.url.password = "<redacted>"
        expected.consumer.sasl.password = "<redacted>"
        expected.codexListener.sasl.password = "<redacted>"
        #expect(reloaded == expected)
        #expect(reloaded.renderYAML() == original.renderYAML())
    }

    @Test("strings that look like numbers, Booleans or null stay strings")
    func ambiguousStringsRoundTrip() throws {
        var configuration = try ConfigurationLoader(environment: ConfigurationFixtures.minimalEnvironment)
            .load(path: nil)
        configuration.argo.parameters = [
            "flag": "true", "count": "007", "nothing": "null", "empty": "", "tilde": "~", "float": "1e3",
            "colon": "a: b", "hash": "# not a comment", "quote": "it's \"quoted\"", "newline": "two\nlines",
            "date": "2024-01-01", "leading": " space", "unicode": "café ✓",
        ]

        let reloaded = try ConfigurationLoader(environment: [:]).load(yaml: configuration.renderYAML(), name: "print")

        #expect(reloaded.argo.parameters == configuration.argo.parameters)
    }

    @Test("the defaults print with unset optional keys as null")
    func defaultsPrint() throws {
        let configuration = try ConfigurationLoader(environment: ConfigurationFixtures.minimalEnvironment)
            .load(path: nil)

        let text = configuration.renderYAML()

        #expect(text.hasPrefix(
            "server:\n  listen_address: :8080\n  max_body_bytes: 1048576\n  shutdown_timeout: 10s\n"
        ))
        #expect(text.contains("  public_key: null\n"))
        #expect(text.contains("  parameters: {}\n"))
        #expect(text.contains("role_map: {}\n"))
        #expect(text.contains("  url: memory://\n"))
    }
}
