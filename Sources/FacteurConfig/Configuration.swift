/// facteur's effective configuration (SPEC section 2), built by `ConfigurationLoader` from a YAML file,
/// `FACTEUR_…` environment variables and defaults, and valid by construction once loaded.
public struct Configuration: Sendable, Equatable {
    /// The HTTP listener.
    public var server: ServerConfiguration

    /// The Discord application and REST API.
    public var discord: DiscordConfiguration

    /// The session and idempotency store.
    public var redis: RedisConfiguration

    /// Where and how Workflows are submitted.
    public var argo: ArgoConfiguration

    /// Command name → Discord role IDs allowed to run it; a command absent from the map is public.
    public var roleMap: [String: [String]]

    /// The Kafka consumer behind `facteur consume`.
    public var consumer: KafkaConsumerConfiguration

    /// The Kafka consumer behind `facteur codex-listen`.
    public var codexListener: CodexListenerConfiguration

    /// Creates a configuration; only the sections without defaults must be given.
    public init(
        server: ServerConfiguration = ServerConfiguration(),
        discord: DiscordConfiguration,
        redis: RedisConfiguration,
        argo: ArgoConfiguration,
        roleMap: [String: [String]] = [:],
        consumer: KafkaConsumerConfiguration = KafkaConsumerConfiguration(),
        codexListener: CodexListenerConfiguration = CodexListenerConfiguration()
    ) {
        self.server = server
        self.discord = discord
        self.redis = redis
        self.argo = argo
        self.roleMap = roleMap
        self.consumer = consumer
        self.codexListener = codexListener
    }
}
