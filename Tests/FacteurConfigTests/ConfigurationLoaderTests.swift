import FacteurConfig
import FacteurYAML
import Foundation
import Testing

@Suite("Loading configuration from files, the environment and defaults")
struct ConfigurationLoaderTests {
    @Test("every key is read from the file")
    func everyKeyFromFile() throws {
        let configuration = try ConfigurationFixtures.loadResult(ConfigurationFixtures.everyKeyYAML).get()
        #expect(configuration == ConfigurationFixtures.everyKeyConfiguration)
    }

    @Test("the every-key fixture really sets every key in the table")
    func fixtureCoversTheTable() throws {
        let root = try #require(try YAMLParser().parse(ConfigurationFixtures.everyKeyYAML))
        let written = Set(ConfigurationFixtures.dottedKeys(of: root, stoppingAt: ["argo.parameters", "role_map"]))
        let table = Set(ConfigurationKey.all.map(\.name))
        #expect(written == table)
    }

    @Test("every key is read from its FACTEUR_ environment variable")
    func everyKeyFromEnvironment() throws {
        let environment = [
            "FACTEUR_SERVER_LISTEN_ADDRESS": "127.0.0.1:9090",
            "FACTEUR_SERVER_MAX_BODY_BYTES": "2048",
            "FACTEUR_SERVER_SHUTDOWN_TIMEOUT": "1m30s",
            "FACTEUR_DISCORD_BOT_TOKEN": "file-token",
            "FACTEUR_DISCORD_APPLICATION_ID": "223456789012345678",
            "FACTEUR_DISCORD_PUBLIC_KEY": String(repeating: "ab", count: 32),
            "FACTEUR_DISCORD_GUILD_ID": "323456789012345678",
            "FACTEUR_DISCORD_API_BASE_URL": "http://127.0.0.1:3000/api/",
            "FACTEUR_REDIS_URL": "redis://:s3cret@redis.internal:6380/2",
            "FACTEUR_REDIS_KEY_PREFIX": "fx",
            "FACTEUR_REDIS_SESSION_TTL": "1h",
            "FACTEUR_ARGO_NAMESPACE": "team-a",
            "FACTEUR_ARGO_WORKFLOW_TEMPLATE": "dispatch.v2",
            "FACTEUR_ARGO_SERVICE_ACCOUNT": "runner",
            "FACTEUR_ARGO_PARAMETERS": #"{"env": "prod", "replicas": "3"}"#,
            "FACTEUR_ARGO_MODE": "dry-run",
            "FACTEUR_ARGO_WATCH": "false",
            "FACTEUR_ROLE_MAP": #"{"plan":["423456789012345678"],"#
                + #""deploy:prod":["523456789012345678","623456789012345678"]}"#,
            "FACTEUR_CONSUMER_ENABLED": "true",
            "FACTEUR_CONSUMER_BROKERS": "kafka-0:9092,kafka-1:9092",
            "FACTEUR_CONSUMER_TOPIC": "commands",
            "FACTEUR_CONSUMER_GROUP_ID": "group-a",
            "FACTEUR_CONSUMER_DLQ_ENABLED": "true",
            "FACTEUR_CONSUMER_DLQ_TOPIC": "commands.dlq",
            "FACTEUR_CONSUMER_TLS_ENABLED": "true",
            "FACTEUR_CONSUMER_TLS_INSECURE_SKIP_VERIFY": "true",
            "FACTEUR_CONSUMER_TLS_CA_FILE": "/etc/ca.pem",
            "FACTEUR_CONSUMER_SASL_ENABLED": "true",
            "FACTEUR_CONSUMER_SASL_MECHANISM": "SCRAM-SHA-512",
            "FACTEUR_CONSUMER_SASL_USERNAME": "alice",
            "FACTEUR_CONSUMER_SASL_PASSWORD": "kafka-secret",
            "FACTEUR_CODEX_LISTENER_ENABLED": "true",
            "FACTEUR_CODEX_LISTENER_BROKERS": " kafka-2:9092 , kafka-3:9092 ",
            "FACTEUR_CODEX_LISTENER_TOPIC": "codex",
            "FACTEUR_CODEX_LISTENER_GROUP_ID": "group-b",
            "FACTEUR_CODEX_LISTENER_TLS_ENABLED": "true",
            "FACTEUR_CODEX_LISTENER_TLS_INSECURE_SKIP_VERIFY": "false",
            "FACTEUR_CODEX_LISTENER_TLS_CA_FILE": "/etc/codex-ca.pem",
            "FACTEUR_CODEX_LISTENER_SASL_ENABLED": "true",
            "FACTEUR_CODEX_LISTENER_SASL_MECHANISM": "scram-sha-256",
            "FACTEUR_CODEX_LISTENER_SASL_USERNAME": "bob",
            "FACTEUR_CODEX_LISTENER_SASL_PASSWORD": "codex-secret",
        ]
        #expect(Set(environment.keys) == Set(ConfigurationKey.all.map(\.environmentVariable)))

        let configuration = try ConfigurationLoader(environment: environment).load(path: nil)

        #expect(configuration == ConfigurationFixtures.everyKeyConfiguration)
    }

    @Test("environment variable names follow a.b_c → FACTEUR_A_B_C", arguments: [
        ("server.listen_address", "FACTEUR_SERVER_LISTEN_ADDRESS"),
        ("consumer.tls.insecure_skip_verify", "FACTEUR_CONSUMER_TLS_INSECURE_SKIP_VERIFY"),
        ("codex_listener.sasl.password", "FACTEUR_CODEX_LISTENER_SASL_PASSWORD"),
        ("role_map", "FACTEUR_ROLE_MAP"),
    ])
    func environmentVariableNames(key: String, variable: String) throws {
        let configurationKey = try #require(ConfigurationKey.named(key))
        #expect(configurationKey.environmentVariable == variable)
    }

    @Test("the environment wins over the file")
    func environmentOverridesFile() throws {
        let environment = [
            "FACTEUR_ARGO_NAMESPACE": "from-env",
            "FACTEUR_CONSUMER_BROKERS": "env-broker:9092",
            "FACTEUR_ROLE_MAP": #"{"status": ["923456789012345678"]}"#,
            "FACTEUR_ARGO_WATCH": "false",
        ]

        let configuration = try ConfigurationFixtures.loadResult(
            ConfigurationFixtures.everyKeyYAML,
            environment: environment
        ).get()

        #expect(configuration.argo.namespace == "from-env")
        #expect(configuration.consumer.brokers == ["env-broker:9092"])
        #expect(configuration.roleMap == ["status": ["923456789012345678"]])
        #expect(configuration.argo.shouldWatch == false)
        #expect(configuration.argo.workflowTemplate == "dispatch.v2")
    }

    @Test("empty environment variables and variables that are not keys are ignored")
    func ignoredVariables() throws {
        var environment = ConfigurationFixtures.minimalEnvironment
        environment["FACTEUR_LOG_LEVEL"] = "debug"
        environment["FACTEUR_LOG_FORMAT"] = "json"
        environment["FACTEUR_KUBECONFIG"] = "/nowhere"
        environment["FACTEUR_SERVER_LISTEN_ADRESS"] = "nonsense"
        environment["FACTEUR_DISCORD_GUILD_ID"] = ""

        let configuration = try ConfigurationLoader(environment: environment).load(path: nil)

        #expect(configuration.server.listenAddress == ListenAddress(host: nil, port: 8080))
        #expect(configuration.discord.guildID == nil)
    }

    @Test("unset keys take the defaults of SPEC section 2")
    func defaults() throws {
        let configuration = try ConfigurationLoader(environment: ConfigurationFixtures.minimalEnvironment)
            .load(path: nil)

        #expect(configuration.server == ServerConfiguration(
            listenAddress: ListenAddress(host: nil, port: 8080),
            maxBodyBytes: 1_048_576,
            shutdownTimeout: .seconds(10)
        ))
        #expect(configuration.discord.publicKey == nil)
        #expect(configuration.discord.guildID == nil)
        #expect(configuration.discord.apiBaseURL.absoluteString == "https://discord.com/api/v10")
        #expect(configuration.redis.url == .memory)
        #expect(configuration.redis.keyPrefix == "facteur")
        #expect(configuration.redis.sessionTTL == .seconds(900))
        #expect(configuration.argo.serviceAccount == nil)
        #expect(configuration.argo.parameters.isEmpty)
        #expect(configuration.argo.mode == .kubernetes)
        #expect(configuration.argo.shouldWatch)
        #expect(configuration.roleMap.isEmpty)
        #expect(configuration.consumer == KafkaConsumerConfiguration(
            isEnabled: false,
            brokers: [],
            topic: "discord.commands.incoming",
            groupID: "facteur",
            deadLetterQueue: .init(isEnabled: false, topic: "discord.commands.incoming.dlq"),
            tls: KafkaTLSConfiguration(isEnabled: false, shouldSkipVerification: false, caFile: nil),
            sasl: KafkaSASLConfiguration(isEnabled: false, mechanism: .plain, username: nil, password: nil)
        ))
        #expect(configuration.codexListener.topic == "github.issues.codex.tasks")
        #expect(configuration.codexListener.groupID == "facteur-codex-listener")
        #expect(!configuration.codexListener.isEnabled)
    }

    @Test("null and empty values in the file fall back to the default")
    func nullValuesAreUnset() throws {
        let yaml = ConfigurationFixtures.minimalYAML + """

            server:
              listen_address: ~
              shutdown_timeout:
            consumer:
              tls:
            """

        let configuration = try ConfigurationFixtures.loadResult(yaml).get()

        #expect(configuration.server == ServerConfiguration())
    }

    @Test("--config wins over FACTEUR_CONFIG_FILE, which is used when --config is absent")
    func configurationFileResolution() throws {
        try ConfigurationFixtures.withFile(ConfigurationFixtures.minimalYAML) { path in
            let loader = ConfigurationLoader(environment: ["FACTEUR_CONFIG_FILE": path])
            #expect(loader.configurationFilePath(explicitPath: "/explicit.yaml") == "/explicit.yaml")
            #expect(loader.configurationFilePath(explicitPath: nil) == path)

            let configuration = try loader.load(path: nil)
            #expect(configuration.discord.botToken == "token-from-file")
        }
        #expect(ConfigurationLoader(environment: [:]).configurationFilePath(explicitPath: nil) == nil)
    }

    @Test("a missing file is an error naming the file")
    func missingFile() throws {
        let path = "/nonexistent/facteur-\(UUID().uuidString).yaml"

        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ConfigurationFixtures.minimalEnvironment).load(path: path)
        }

        #expect(error.code == .unreadableFile)
        #expect(error.filePath == path)
        #expect(error.description.hasPrefix("\(path): cannot read the configuration file"))
    }

    @Test("a YAML syntax error names the file, line and column")
    func syntaxError() throws {
        let yaml = """
            server:
              listen_address: ":8080"
             max_body_bytes: 10
            """

        let result = try ConfigurationFixtures.loadResult(yaml)

        guard case .failure(let error) = result else {
            Issue.record("a malformed file loaded")
            return
        }
        #expect(error.code == .malformedFile)
        let problem = try #require(error.problems.first)
        guard case .file(_, let line?, _) = problem.origin else {
            Issue.record("the problem has no line: \(problem)")
            return
        }
        #expect(line == 3)
        #expect(problem.key == nil)
    }

    @Test("a duplicate key in the file is a syntax error at the second occurrence")
    func duplicateKey() throws {
        let yaml = ConfigurationFixtures.minimalYAML + "\nredis:\n  url: memory://\n"

        let error = try #require(try ConfigurationFixtures.loadResult(yaml).failure)

        #expect(error.code == .malformedFile)
        #expect(error.description.contains(":9:1: duplicate key \"redis\""))
    }

    @Test("YAML text can be loaded directly, as for an embedded default")
    func loadFromText() throws {
        let configuration = try ConfigurationLoader(environment: [:])
            .load(yaml: ConfigurationFixtures.minimalYAML, name: "embedded")
        #expect(configuration.argo.workflowTemplate == "facteur-dispatch")
    }
}

extension Result {
    /// The error of a failed result, for `#require`.
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
