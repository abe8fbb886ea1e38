/// The `*.tls.*` keys shared by both Kafka consumers.
public struct KafkaTLSConfiguration: Sendable, Equatable {
    /// `tls.enabled`; connect to brokers over TLS.
    public var isEnabled: Bool

    /// `tls.insecure_skip_verify`; accept any broker certificate (for tests only).
    public var shouldSkipVerification: Bool

    /// `tls.ca_file`, a PEM bundle to trust instead of the system store.
    public var caFile: String?

    /// Creates the section; TLS is off by default.
    public init(isEnabled: Bool = false, shouldSkipVerification: Bool = false, caFile: String? = nil) {
        self.isEnabled = isEnabled
        self.shouldSkipVerification = shouldSkipVerification
        self.caFile = caFile
    }
}
