/// The `*.sasl.*` keys shared by both Kafka consumers.
public struct KafkaSASLConfiguration: Sendable, Equatable {
    /// The SASL mechanisms librdkafka is built with and facteur accepts.
    public enum Mechanism: String, Sendable, Equatable, CaseIterable {
        case plain = "PLAIN"
        case scramSHA256 = "SCRAM-SHA-256"
        case scramSHA512 = "SCRAM-SHA-512"
    }

    /// `sasl.enabled`; authenticate to brokers.
    public var isEnabled: Bool

    /// `sasl.mechanism`.
    public var mechanism: Mechanism

    /// `sasl.username`; required when SASL is enabled.
    public var username: String?

    /// `sasl.password`; required when SASL is enabled, a secret shown as `<redacted>`.
    public var password: String?

    /// Creates the section; SASL is off by default.
    public init(
        isEnabled: Bool = false,
        mechanism: Mechanism = .plain,
        username: String? = nil,
        password: String? = nil
    ) {
        self.isEnabled = isEnabled
        self.mechanism = mechanism
        self.username = username
        self.password = password
    }
}
