/// The `consumer.*` keys: the Kafka consumer that feeds command events to the pipeline (SPEC section 6).
public struct KafkaConsumerConfiguration: Sendable, Equatable {
    /// The `consumer.dlq.*` keys: where events that can never succeed are parked.
    public struct DeadLetterQueue: Sendable, Equatable {
        /// `consumer.dlq.enabled`.
        public var isEnabled: Bool

        /// `consumer.dlq.topic`.
        public var topic: String

        /// Creates the section; off by default.
        public init(isEnabled: Bool = false, topic: String = "discord.commands.incoming.dlq") {
            self.isEnabled = isEnabled
            self.topic = topic
        }
    }

    /// `consumer.enabled`; `facteur serve` also consumes when true.
    public var isEnabled: Bool

    /// `consumer.brokers`, `host:port` bootstrap servers; required when enabled.
    public var brokers: [String]

    /// `consumer.topic`.
    public var topic: String

    /// `consumer.group_id`.
    public var groupID: String

    /// `consumer.dlq.*`.
    public var deadLetterQueue: DeadLetterQueue

    /// `consumer.tls.*`.
    public var tls: KafkaTLSConfiguration

    /// `consumer.sasl.*`.
    public var sasl: KafkaSASLConfiguration

    /// Creates the section with SPEC section 2's defaults.
    public init(
        isEnabled: Bool = false,
        brokers: [String] = [],
        topic: String = "discord.commands.incoming",
        groupID: String = "facteur",
        deadLetterQueue: DeadLetterQueue = DeadLetterQueue(),
        tls: KafkaTLSConfiguration = KafkaTLSConfiguration(),
        sasl: KafkaSASLConfiguration = KafkaSASLConfiguration()
    ) {
        self.isEnabled = isEnabled
        self.brokers = brokers
        self.topic = topic
        self.groupID = groupID
        self.deadLetterQueue = deadLetterQueue
        self.tls = tls
        self.sasl = sasl
    }
}
