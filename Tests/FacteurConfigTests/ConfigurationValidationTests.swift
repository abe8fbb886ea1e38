import FacteurConfig
import Testing

@Suite("Validation reports every problem, each naming its key")
struct ConfigurationValidationTests {
    @Test("an invalid configuration reports each bad key at once, in table order")
    func everyProblemAtOnce() throws {
        let yaml = """
            server:
              listen_address: nowhere
              max_body_bytes: 0
              shutdown_timeout: 10
            discord:
              bot_token: t
              application_id: abc
              public_key: xyz
              guild_id: "12"
              api_base_url: ftp://example.com
            redis:
              url: http://example.com
              key_prefix: ""
              session_ttl: 0s
            argo:
              namespace: Bad_Namespace
              workflow_template: facteur-dispatch
              mode: fast
              watch: maybe
            consumer:
              enabled: true
              sasl:
                enabled: true
                mechanism: MD5
            """

        let error = try #require(try ConfigurationFixtures.loadResult(yaml).failure)

        #expect(error.code == .invalidValues)
        #expect(error.problems.compactMap(\.key) == [
            "server.listen_address",
            "server.max_body_bytes",
            "server.shutdown_timeout",
            "discord.application_id",
            "discord.public_key",
            "discord.guild_id",
            "discord.api_base_url",
            "redis.url",
            "redis.key_prefix",
            "redis.session_ttl",
            "argo.namespace",
            "argo.mode",
            "argo.watch",
            "consumer.brokers",
            "consumer.sasl.mechanism",
            "consumer.sasl.username",
            "consumer.sasl.password",
        ])
        #expect(error.problems.count == error.description.split(separator: "\n").count)
    }

    @Test("a problem names the key, the value, and the file position it came from")
    func fileProblemWording() throws {
        let yaml = ConfigurationFixtures.minimalYAML.replacingOccurrences(
            of: "application_id: \"123456789012345678\"",
            with: "application_id: \"abc\""
        )

        let error = try #require(try ConfigurationFixtures.loadResult(yaml).failure)

        let problem = try #require(error.problems.first)
        #expect(problem.key == "discord.application_id")
        #expect(problem.message == "\"abc\" is not a snowflake (17-20 digits)")
        #expect(problem.description.hasPrefix("discord.application_id: \"abc\" is not a snowflake (17-20 digits) [/"))
        #expect(problem.description.hasSuffix(":3:19]"))
    }

    @Test("a problem with an environment value names the variable too")
    func environmentProblemWording() throws {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_DISCORD_APPLICATION_ID"] = "abc"

        let problems = ConfigurationFixtures.problems(environment: environment)

        #expect(problems.map(\.description) == [
            "discord.application_id: \"abc\" is not a snowflake (17-20 digits) [from FACTEUR_DISCORD_APPLICATION_ID]",
        ])
    }

    @Test("every required key is reported when nothing is set")
    func requiredKeys() {
        let problems = ConfigurationFixtures.problems(environment: [:])

        #expect(problems.compactMap(\.key) == [
            "discord.bot_token",
            "discord.application_id",
            "redis.url",
            "argo.namespace",
            "argo.workflow_template",
        ])
        #expect(problems[0].description
            == "discord.bot_token: is required (set it in the file or with FACTEUR_DISCORD_BOT_TOKEN)")
    }

    @Test("unknown keys are named in full, at any depth, with a suggestion for typos")
    func unknownKeys() throws {
        let yaml = ConfigurationFixtures.minimalYAML + """

            server:
              listen_adress: ":8080"
            consumer:
              tls:
                verify: true
            codex_listener:
              dlq:
                enabled: true
            telemetry: {}
            """

        let error = try #require(try ConfigurationFixtures.loadResult(yaml).failure)

        #expect(error.problems.compactMap(\.key) == [
            "server.listen_adress",
            "consumer.tls.verify",
            "codex_listener.dlq",
            "telemetry",
        ])
        #expect(error.problems[0].message == "unknown key (did you mean server.listen_address?)")
    }

    @Test("a section written as a scalar is reported")
    func sectionMustBeMapping() throws {
        let yaml = ConfigurationFixtures.minimalYAML + "\nserver: 8080\n"
        let error = try #require(try ConfigurationFixtures.loadResult(yaml).failure)
        #expect(error.problems.map(\.key) == ["server"])
        #expect(error.problems[0].message == "must be a mapping of keys, found a scalar")
    }

    @Test("a mapping where a single value belongs is reported")
    func scalarMustBeScalar() throws {
        let yaml = ConfigurationFixtures.minimalYAML + "\nserver:\n  listen_address: {host: x}\n"
        let error = try #require(try ConfigurationFixtures.loadResult(yaml).failure)
        #expect(error.problems.map(\.description).first?.hasPrefix(
            "server.listen_address: must be a single value, found a mapping ["
        ) == true)
    }

    @Test("brokers are required when a consumer is enabled, from either source", arguments: [
        "FACTEUR_CONSUMER_ENABLED",
        "FACTEUR_CODEX_LISTENER_ENABLED",
    ])
    func brokersRequiredWhenEnabled(variable: String) {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment[variable] = "true"

        let problems = ConfigurationFixtures.problems(environment: environment)

        let prefix = variable == "FACTEUR_CONSUMER_ENABLED" ? "consumer" : "codex_listener"
        #expect(problems.compactMap(\.key) == ["\(prefix).brokers"])
        #expect(problems.first?.message.hasPrefix("is required when \(prefix).enabled is true") == true)
    }

    @Test("SASL needs a username and password when enabled, for both consumers", arguments: [
        "consumer",
        "codex_listener",
    ])
    func saslCredentialsRequired(prefix: String) {
        var environment = ConfigurationFixtures.minimalEnvironment
        let variablePrefix = "FACTEUR_\(prefix.uppercased())_SASL_"
        environment[variablePrefix + "ENABLED"] = "true"
        environment[variablePrefix + "USERNAME"] = "alice"

        let problems = ConfigurationFixtures.problems(environment: environment)

        #expect(problems.compactMap(\.key) == ["\(prefix).sasl.password"])
    }

    @Test("Booleans accept the usual spellings and refuse others", arguments: [
        ("true", true), ("FALSE", false), ("yes", true), ("off", false), ("1", true), ("0", false),
    ])
    func booleans(text: String, expected: Bool) throws {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_ARGO_WATCH"] = text
        let configuration = try ConfigurationLoader(environment: environment).load(path: nil)
        #expect(configuration.argo.shouldWatch == expected)
    }

    @Test("values that break no rule but are malformed are refused", arguments: [
        ("FACTEUR_ARGO_WATCH", "maybe", "argo.watch"),
        ("FACTEUR_SERVER_MAX_BODY_BYTES", "1MB", "server.max_body_bytes"),
        ("FACTEUR_DISCORD_API_BASE_URL", "discord.com/api", "discord.api_base_url"),
        ("FACTEUR_ARGO_WORKFLOW_TEMPLATE", "Facteur_Dispatch", "argo.workflow_template"),
        ("FACTEUR_ARGO_SERVICE_ACCOUNT", "-runner", "argo.service_account"),
        ("FACTEUR_CONSUMER_BROKERS", "kafka:port", "consumer.brokers"),
        ("FACTEUR_CONSUMER_SASL_MECHANISM", "GSSAPI", "consumer.sasl.mechanism"),
        ("FACTEUR_ARGO_PARAMETERS", "env=prod", "argo.parameters"),
        ("FACTEUR_ARGO_PARAMETERS", #"["env"]"#, "argo.parameters"),
        ("FACTEUR_ARGO_PARAMETERS", #"{"replicas": 3}"#, "argo.parameters"),
    ])
    func malformedValues(variable: String, value: String, key: String) {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment[variable] = value

        let problems = ConfigurationFixtures.problems(environment: environment)

        #expect(problems.map(\.key) == [key])
        #expect(problems.first?.origin == .environment(variable: variable))
    }

    @Test("lists come from YAML sequences, comma strings in the file, and comma strings in the environment")
    func lists() throws {
        let sequence = try ConfigurationFixtures.loadResult(
            ConfigurationFixtures.minimalYAML + "\nconsumer:\n  brokers: [a:9092, \"[::1]:9093\"]\n"
        ).get()
        let commaInFile = try ConfigurationFixtures.loadResult(
            ConfigurationFixtures.minimalYAML + "\nconsumer:\n  brokers: a:9092,[::1]:9093,\n"
        ).get()
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_CONSUMER_BROKERS"] = "a:9092, [::1]:9093"
        let fromEnvironment = try ConfigurationLoader(environment: environment).load(path: nil)

        #expect(sequence.consumer.brokers == ["a:9092", "[::1]:9093"])
        #expect(commaInFile.consumer.brokers == ["a:9092", "[::1]:9093"])
        #expect(fromEnvironment.consumer.brokers == ["a:9092", "[::1]:9093"])
    }

    @Test("argo.parameters takes a JSON object of strings from the environment")
    func parametersFromJSON() throws {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_ARGO_PARAMETERS"] = #"{"env": "prod", "note": "a \"quoted\" value", "empty": ""}"#

        let configuration = try ConfigurationLoader(environment: environment).load(path: nil)

        #expect(configuration.argo.parameters == ["env": "prod", "note": "a \"quoted\" value", "empty": ""])
    }
}
