/// Builds each section of `Configuration` from the settings, key by key in SPEC section 2's order.
extension SettingsDecoder {
    /// Decodes every key and applies the checks that span keys; problems accumulate in `problems`.
    mutating func decodeConfiguration() -> Configuration {
        Configuration(
            server: decodeServer(),
            discord: decodeDiscord(),
            redis: decodeRedis(),
            argo: decodeArgo(),
            roleMap: roleMap("role_map"),
            consumer: decodeConsumer(),
            codexListener: decodeCodexListener()
        )
    }

    private mutating func decodeServer() -> ServerConfiguration {
        let defaults = ServerConfiguration()
        return ServerConfiguration(
            listenAddress: value("server.listen_address", default: defaults.listenAddress, rule: ListenAddress.parse),
            maxBodyBytes: value(
                "server.max_body_bytes",
                default: defaults.maxBodyBytes,
                rule: ValueRules.positiveInteger
            ),
            shutdownTimeout: value(
                "server.shutdown_timeout",
                default: defaults.shutdownTimeout,
                rule: ValueRules.positiveDuration
            )
        )
    }

    private mutating func decodeDiscord() -> DiscordConfiguration {
        DiscordConfiguration(
            botToken: required("discord.bot_token", placeholder: "", rule: ValueRules.nonEmpty),
            applicationID: required("discord.application_id", placeholder: "", rule: ValueRules.snowflake),
            publicKey: optional("discord.public_key", rule: ValueRules.publicKey),
            guildID: optional("discord.guild_id", rule: ValueRules.snowflake),
            apiBaseURL: value(
                "discord.api_base_url",
                default: DiscordConfiguration.defaultAPIBaseURL,
                rule: ValueRules.httpURL
            )
        )
    }

    private mutating func decodeRedis() -> RedisConfiguration {
        let defaults = RedisConfiguration(url: .memory)
        return RedisConfiguration(
            url: required("redis.url", placeholder: .memory, rule: RedisURL.parse),
            keyPrefix: value("redis.key_prefix", default: defaults.keyPrefix, rule: ValueRules.nonEmpty),
            sessionTTL: value("redis.session_ttl", default: defaults.sessionTTL, rule: ValueRules.positiveDuration)
        )
    }

    private mutating func decodeArgo() -> ArgoConfiguration {
        let defaults = ArgoConfiguration(namespace: "", workflowTemplate: "")
        return ArgoConfiguration(
            namespace: required("argo.namespace", placeholder: "", rule: ValueRules.dnsLabel),
            workflowTemplate: required("argo.workflow_template", placeholder: "", rule: ValueRules.dnsSubdomain),
            serviceAccount: optional("argo.service_account", rule: ValueRules.dnsSubdomain),
            parameters: stringMap("argo.parameters"),
            mode: value("argo.mode", default: defaults.mode, rule: ValueRules.argoMode),
            shouldWatch: value("argo.watch", default: defaults.shouldWatch, rule: ValueRules.boolean)
        )
    }

    private mutating func decodeConsumer() -> KafkaConsumerConfiguration {
        let defaults = KafkaConsumerConfiguration()
        let isEnabled = value("consumer.enabled", default: defaults.isEnabled, rule: ValueRules.boolean)
        let brokers = decodeBrokers(prefix: "consumer", isEnabled: isEnabled)
        let topic = value("consumer.topic", default: defaults.topic, rule: ValueRules.nonEmpty)
        let groupID = value("consumer.group_id", default: defaults.groupID, rule: ValueRules.nonEmpty)
        let deadLetterQueue = KafkaConsumerConfiguration.DeadLetterQueue(
            isEnabled: value(
                "consumer.dlq.enabled",
                default: defaults.deadLetterQueue.isEnabled,
                rule: ValueRules.boolean
            ),
            topic: value("consumer.dlq.topic", default: defaults.deadLetterQueue.topic, rule: ValueRules.nonEmpty)
        )
        return KafkaConsumerConfiguration(
            isEnabled: isEnabled,
            brokers: brokers,
            topic: topic,
            groupID: groupID,
            deadLetterQueue: deadLetterQueue,
            tls: decodeTLS(prefix: "consumer"),
            sasl: decodeSASL(prefix: "consumer")
        )
    }

    private mutating func decodeCodexListener() -> CodexListenerConfiguration {
        let defaults = CodexListenerConfiguration()
        let isEnabled = value("codex_listener.enabled", default: defaults.isEnabled, rule: ValueRules.boolean)
        return CodexListenerConfiguration(
            isEnabled: isEnabled,
            brokers: decodeBrokers(prefix: "codex_listener", isEnabled: isEnabled),
            topic: value("codex_listener.topic", default: defaults.topic, rule: ValueRules.nonEmpty),
            groupID: value("codex_listener.group_id", default: defaults.groupID, rule: ValueRules.nonEmpty),
            tls: decodeTLS(prefix: "codex_listener"),
            sasl: decodeSASL(prefix: "codex_listener")
        )
    }

    private mutating func decodeBrokers(prefix: String, isEnabled: Bool) -> [String] {
        let key = "\(prefix).brokers"
        let problemCount = problems.count
        let brokers = list(key, rule: ValueRules.broker)
        if isEnabled && brokers.isEmpty && problems.count == problemCount {
            reportMissing(key, because: "\(prefix).enabled is true")
        }
        return brokers
    }

    private mutating func decodeTLS(prefix: String) -> KafkaTLSConfiguration {
        let defaults = KafkaTLSConfiguration()
        return KafkaTLSConfiguration(
            isEnabled: value("\(prefix).tls.enabled", default: defaults.isEnabled, rule: ValueRules.boolean),
            shouldSkipVerification: value(
                "\(prefix).tls.insecure_skip_verify",
                default: defaults.shouldSkipVerification,
                rule: ValueRules.boolean
            ),
            caFile: optional("\(prefix).tls.ca_file", rule: ValueRules.nonEmpty)
        )
    }

    private mutating func decodeSASL(prefix: String) -> KafkaSASLConfiguration {
        let defaults = KafkaSASLConfiguration()
        let sasl = KafkaSASLConfiguration(
            isEnabled: value("\(prefix).sasl.enabled", default: defaults.isEnabled, rule: ValueRules.boolean),
            mechanism: value("\(prefix).sasl.mechanism", default: defaults.mechanism, rule: ValueRules.saslMechanism),
            username: optional("\(prefix).sasl.username", rule: ValueRules.nonEmpty),
            password: optional("\(prefix).sasl.password", rule: ValueRules.nonEmpty)
        )
        if sasl.isEnabled {
            for (field, present) in [("username", sasl.username != nil), ("password", sasl.password != nil)]
            where !present {
                reportMissing("\(prefix).sasl.\(field)", because: "\(prefix).sasl.enabled is true")
            }
        }
        return sasl
    }
}
