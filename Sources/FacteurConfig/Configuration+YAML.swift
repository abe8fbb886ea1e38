import FacteurYAML

/// `facteur config print`: the effective configuration as YAML, with secrets redacted.
extension Configuration {
    /// The text shown in place of every secret.
    public static let redactedMarker = "<redacted>"

    /// Every key of SPEC section 2 in order, unset optional keys as `null`; the bot token, the password in
    /// `redis.url` and SASL passwords appear as `<redacted>`. The text loads back into an equal configuration
    /// apart from those secrets.
    public func renderYAML() -> String {
        do {
            return try YAMLEmitter().emit(yamlNode)
        } catch {
            // Every node built below is a plain string, sequence or mapping, which libyaml always accepts.
            preconditionFailure("libyaml refused the configuration tree: \(error)")
        }
    }

    private var yamlNode: YAMLNode {
        section([
            ("server", section([
                ("listen_address", string(server.listenAddress.description)),
                ("max_body_bytes", plain(String(server.maxBodyBytes))),
                ("shutdown_timeout", plain(DurationText.format(server.shutdownTimeout))),
            ])),
            ("discord", section([
                ("bot_token", string(Configuration.redactedMarker)),
                ("application_id", string(discord.applicationID)),
                ("public_key", optional(discord.publicKey)),
                ("guild_id", optional(discord.guildID)),
                ("api_base_url", string(discord.apiBaseURL.absoluteString)),
            ])),
            ("redis", section([
                ("url", string(redis.url.redactedString)),
                ("key_prefix", string(redis.keyPrefix)),
                ("session_ttl", plain(DurationText.format(redis.sessionTTL))),
            ])),
            ("argo", section([
                ("namespace", string(argo.namespace)),
                ("workflow_template", string(argo.workflowTemplate)),
                ("service_account", optional(argo.serviceAccount)),
                ("parameters", section(argo.parameters.sorted { $0.key < $1.key }.map { name, value in
                    (name, string(value))
                })),
                ("mode", plain(argo.mode.rawValue)),
                ("watch", plain(String(argo.shouldWatch))),
            ])),
            ("role_map", section(roleMap.sorted { $0.key < $1.key }.map { command, roles in
                (command, .sequence(YAMLSequence(roles.map(string))))
            })),
            ("consumer", section(
                kafkaEntries(
                    isEnabled: consumer.isEnabled,
                    brokers: consumer.brokers,
                    topic: consumer.topic,
                    groupID: consumer.groupID
                ) + [
                    ("dlq", section([
                        ("enabled", plain(String(consumer.deadLetterQueue.isEnabled))),
                        ("topic", string(consumer.deadLetterQueue.topic)),
                    ])),
                    ("tls", tlsNode(consumer.tls)),
                    ("sasl", saslNode(consumer.sasl)),
                ]
            )),
            ("codex_listener", section(
                kafkaEntries(
                    isEnabled: codexListener.isEnabled,
                    brokers: codexListener.brokers,
                    topic: codexListener.topic,
                    groupID: codexListener.groupID
                ) + [
                    ("tls", tlsNode(codexListener.tls)),
                    ("sasl", saslNode(codexListener.sasl)),
                ]
            )),
        ])
    }

    private func kafkaEntries(
        isEnabled: Bool,
        brokers: [String],
        topic: String,
        groupID: String
    ) -> [(String, YAMLNode)] {
        [
            ("enabled", plain(String(isEnabled))),
            ("brokers", .sequence(YAMLSequence(brokers.map(string)))),
            ("topic", string(topic)),
            ("group_id", string(groupID)),
        ]
    }

    private func tlsNode(_ tls: KafkaTLSConfiguration) -> YAMLNode {
        section([
            ("enabled", plain(String(tls.isEnabled))),
            ("insecure_skip_verify", plain(String(tls.shouldSkipVerification))),
            ("ca_file", optional(tls.caFile)),
        ])
    }

    private func saslNode(_ sasl: KafkaSASLConfiguration) -> YAMLNode {
        section([
            ("enabled", plain(String(sasl.isEnabled))),
            ("mechanism", plain(sasl.mechanism.rawValue)),
            ("username", optional(sasl.username)),
            ("password", optional(sasl.password.map { _ in Configuration.redactedMarker })),
        ])
    }

    private func section(_ entries: [(String, YAMLNode)]) -> YAMLNode {
        .mapping(YAMLMapping(entries.map { YAMLMapping.Entry(key: YAMLScalar($0.0), value: $0.1) }))
    }

    /// A string that must read back as a string, quoted when it could pass for a number, Boolean or null.
    private func string(_ text: String) -> YAMLNode {
        .scalar(YAMLScalar(string: text))
    }

    /// A number, Boolean, duration or enumeration value, written as is.
    private func plain(_ text: String) -> YAMLNode {
        .scalar(YAMLScalar(text))
    }

    private func optional(_ text: String?) -> YAMLNode {
        text.map(string) ?? plain("null")
    }
}
