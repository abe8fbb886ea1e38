import FacteurConfig
import FacteurYAML
import Foundation

/// Shared inputs for the configuration tests: temporary files and configurations that set every key.
enum ConfigurationFixtures {
    /// The fewest environment variables that make a valid configuration.
    static let minimalEnvironment: [String: String] = [
        "FACTEUR_DISCORD_BOT_TOKEN": "token-from-env",
        "FACTEUR_DISCORD_APPLICATION_ID": "123456789012345678",
        "FACTEUR_REDIS_URL": "memory://",
        "FACTEUR_ARGO_NAMESPACE": "argo-workflows",
        "FACTEUR_ARGO_WORKFLOW_TEMPLATE": "facteur-dispatch",
    ]

    /// The fewest file keys that make a valid configuration.
    static let minimalYAML = """
        discord:
          bot_token: token-from-file
          application_id: "123456789012345678"
        redis:
          url: redis://localhost:6379/0
        argo:
          namespace: argo-workflows
          workflow_template: facteur-dispatch
        """

    /// A file that sets every key of SPEC section 2 to something other than its default.
    static let everyKeyYAML = """
        server:
          listen_address: 127.0.0.1:9090
          max_body_bytes: 2048
          shutdown_timeout: 1m30s
        discord:
          bot_token: file-token
          application_id: 223456789012345678
          public_key: \(String(repeating: "ab", count: 32))
          guild_id: "323456789012345678"
          api_base_url: http://127.0.0.1:3000/api/
        redis:
          url: redis://:s3cret@redis.internal:6380/2
          key_prefix: fx
          session_ttl: 1h
        argo:
          namespace: team-a
          workflow_template: dispatch.v2
          service_account: runner
          parameters:
            env: prod
            replicas: "3"
          mode: dry-run
          watch: false
        role_map:
          plan: ["423456789012345678"]
          "deploy:prod": ["523456789012345678", "623456789012345678"]
        consumer:
          enabled: true
          brokers:
            - kafka-0:9092
            - kafka-1:9092
          topic: commands
          group_id: group-a
          dlq:
            enabled: true
            topic: commands.dlq
          tls:
            enabled: true
            insecure_skip_verify: true
            ca_file: /etc/ca.pem
          sasl:
            enabled: true
            mechanism: SCRAM-SHA-512
            username: alice
            password: kafka-secret
        codex_listener:
          enabled: true
          brokers: kafka-2:9092, kafka-3:9092
          topic: codex
          group_id: group-b
          tls:
            enabled: true
            insecure_skip_verify: false
            ca_file: /etc/codex-ca.pem
          sasl:
            enabled: true
            mechanism: scram-sha-256
            username: bob
            password: codex-secret
        """

    /// The configuration `everyKeyYAML` describes.
    static let everyKeyConfiguration = Configuration(
        server: ServerConfiguration(
            listenAddress: ListenAddress(host: "127.0.0.1", port: 9090),
            maxBodyBytes: 2048,
            shutdownTimeout: .seconds(90)
        ),
        discord: DiscordConfiguration(
            botToken: "file-token",
            applicationID: "223456789012345678",
            publicKey: String(repeating: "ab", count: 32),
            guildID: "323456789012345678",
            apiBaseURL: URL(string: "http://127.0.0.1:3000/api")!
        ),
        redis: RedisConfiguration(
            url: RedisURL(scheme: .redis, host: "redis.internal", port: 6380, password: "s3cret", database: 2),
            keyPrefix: "fx",
            sessionTTL: .seconds(3600)
        ),
        argo: ArgoConfiguration(
            namespace: "team-a",
            workflowTemplate: "dispatch.v2",
            serviceAccount: "runner",
            parameters: ["env": "prod", "replicas": "3"],
            mode: .dryRun,
            shouldWatch: false
        ),
        roleMap: [
            "plan": ["423456789012345678"],
            "deploy:prod": ["523456789012345678", "623456789012345678"],
        ],
        consumer: KafkaConsumerConfiguration(
            isEnabled: true,
            brokers: ["kafka-0:9092", "kafka-1:9092"],
            topic: "commands",
            groupID: "group-a",
            deadLetterQueue: .init(isEnabled: true, topic: "commands.dlq"),
            tls: KafkaTLSConfiguration(isEnabled: true, shouldSkipVerification: true, caFile: "/etc/ca.pem"),
            sasl: KafkaSASLConfiguration(
                isEnabled: true,
                mechanism: .scramSHA512,
                username: "alice",
                password: "kafka-secret"
            )
        ),
        codexListener: CodexListenerConfiguration(
            isEnabled: true,
            brokers: ["kafka-2:9092", "kafka-3:9092"],
            topic: "codex",
            groupID: "group-b",
            tls: KafkaTLSConfiguration(isEnabled: true, caFile: "/etc/codex-ca.pem"),
            sasl: KafkaSASLConfiguration(
                isEnabled: true,
                mechanism: .scramSHA256,
                username: "bob",
                password: "codex-secret"
            )
        )
    )

    /// The directory of the package, for reading the shipped `config/` files.
    static let packageDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Writes `text` to a fresh temporary file, runs `body` with its path, then removes it.
    static func withFile<Result>(
        _ text: String,
        _ body: (String) throws -> Result
    ) throws -> Result {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-config-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    /// Loads `text` from a temporary file with `environment`, returning the error when loading fails.
    static func loadResult(
        _ text: String,
        environment: [String: String] = [:]
    ) throws -> Result<Configuration, ConfigurationError> {
        try withFile(text) { path in
            Result { () throws(ConfigurationError) in
                try ConfigurationLoader(environment: environment).load(path: path)
            }
        }
    }

    /// Loads with `environment` alone and returns the problems, or an empty list when it loads.
    static func problems(environment: [String: String]) -> [ConfigurationProblem] {
        do {
            _ = try ConfigurationLoader(environment: environment).load(path: nil)
            return []
        } catch {
            return error.problems
        }
    }

    /// The dotted names of the leaves of a mapping tree, not descending into the `stoppingAt` keys.
    static func dottedKeys(of node: YAMLNode, prefix: String? = nil, stoppingAt maps: Set<String>) -> [String] {
        guard let mapping = node.mapping, !(prefix.map(maps.contains) ?? false) else {
            return prefix.map { [$0] } ?? []
        }
        return mapping.entries.flatMap { entry in
            let name = prefix.map { "\($0).\(entry.key.value)" } ?? entry.key.value
            return dottedKeys(of: entry.value, prefix: name, stoppingAt: maps)
        }
    }
}
