import Foundation

/// One key of SPEC section 2's table; the list is the single source for unknown-key detection, environment
/// variable names and which values are secret.
public struct ConfigurationKey: Sendable, Hashable {
    /// The kind of value a key takes, which decides how file and environment values are read.
    public enum Shape: Sendable, Hashable {
        /// One value: a string, number, Boolean or duration.
        case scalar
        /// A YAML sequence, or a comma-separated string in the file or the environment.
        case list
        /// A YAML mapping in the file, a JSON object in the environment; its keys are free-form.
        case map
    }

    /// The dotted name, such as `server.listen_address`.
    public let name: String

    /// The kind of value.
    public let shape: Shape

    /// True for values that must never be printed.
    public let isSecret: Bool

    private init(_ name: String, _ shape: Shape = .scalar, isSecret: Bool = false) {
        self.name = name
        self.shape = shape
        self.isSecret = isSecret
    }

    /// The variable that overrides the key: `a.b_c` → `FACTEUR_A_B_C`.
    public var environmentVariable: String {
        "FACTEUR_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// Every key, in the order of SPEC section 2.
    public static let all: [ConfigurationKey] = [
        ConfigurationKey("server.listen_address"),
        ConfigurationKey("server.max_body_bytes"),
        ConfigurationKey("server.shutdown_timeout"),
        ConfigurationKey("discord.bot_token", isSecret: true),
        ConfigurationKey("discord.application_id"),
        ConfigurationKey("discord.public_key"),
        ConfigurationKey("discord.guild_id"),
        ConfigurationKey("discord.api_base_url"),
        ConfigurationKey("redis.url", isSecret: true),
        ConfigurationKey("redis.key_prefix"),
        ConfigurationKey("redis.session_ttl"),
        ConfigurationKey("argo.namespace"),
        ConfigurationKey("argo.workflow_template"),
        ConfigurationKey("argo.service_account"),
        ConfigurationKey("argo.parameters", .map),
        ConfigurationKey("argo.mode"),
        ConfigurationKey("argo.watch"),
        ConfigurationKey("role_map", .map),
    ] + kafkaKeys(prefix: "consumer", hasDeadLetterQueue: true)
        + kafkaKeys(prefix: "codex_listener", hasDeadLetterQueue: false)

    /// Looks a key up by its dotted name.
    public static func named(_ name: String) -> ConfigurationKey? {
        byName[name]
    }

    /// Dotted names that hold other keys, such as `consumer` and `consumer.tls`.
    static let sectionNames: Set<String> = Set(all.flatMap { key in
        let parts = key.name.split(separator: ".")
        return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
    })

    private static let byName: [String: ConfigurationKey] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) }
    )

    private static func kafkaKeys(prefix: String, hasDeadLetterQueue: Bool) -> [ConfigurationKey] {
        let names = ["enabled", "brokers", "topic", "group_id"]
            + (hasDeadLetterQueue ? ["dlq.enabled", "dlq.topic"] : [])
            + ["tls.enabled", "tls.insecure_skip_verify", "tls.ca_file"]
            + ["sasl.enabled", "sasl.mechanism", "sasl.username", "sasl.password"]
        return names.map { name in
            ConfigurationKey(
                "\(prefix).\(name)",
                name == "brokers" ? .list : .scalar,
                isSecret: name == "sasl.password"
            )
        }
    }
}

extension ConfigurationKey: CustomStringConvertible {
    public var description: String {
        name
    }
}
