/// The `codex_listener.*` keys: the consumer that tails CodexTask records; like `consumer` but with no
/// dead-letter queue, since it only prints what it reads.
public struct CodexListenerConfiguration: Sendable, Equatable {
    /// `codex_listener.enabled`.
    public var isEnabled: Bool

    /// `codex_listener.brokers`; required when enabled.
    public var brokers: [String]

    /// `codex_listener.topic`.
    public var topic: String

    /// `codex_listener.group_id`.
    public var groupID: String

    /// `codex_listener.tls.*`.
    public var tls: KafkaTLSConfiguration

    /// `codex_listener.sasl.*`.
    public var sasl: KafkaSASLConfiguration

    /// Creates the section with SPEC section 2's defaults.
    public init(
        isEnabled: Bool = false,
        brokers: [String] = [],
        topic: String = "github.issues.codex.tasks",
        groupID: String = "facteur-codex-listener",
        tls: KafkaTLSConfiguration = KafkaTLSConfiguration(),
        sasl: KafkaSASLConfiguration = KafkaSASLConfiguration()
    ) {
        self.isEnabled = isEnabled
        self.brokers = brokers
        self.topic = topic
        self.groupID = groupID
        self.tls = tls
        self.sasl = sasl
    }
}
