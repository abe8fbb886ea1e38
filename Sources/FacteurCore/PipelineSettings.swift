/// The configuration the pipeline runs with, taken from `argo.*` and `redis.*`.
public struct PipelineSettings: Sendable, Equatable {
    public var namespace: String
    public var templateName: String
    public var serviceAccountName: String?
    public var staticParameters: [String: String]
    public var sessionKeys: SessionKeys
    /// How long `<prefix>:dispatch:<user>` lives (`redis.session_ttl`).
    public var sessionTTL: Duration
    /// How long an event identity is remembered; a day covers every broker's redelivery.
    public var idempotencyTTL: Duration
    /// How long a claim outlives a crashed delivery before another may take over.
    public var claimLease: Duration
    /// How long a concurrent duplicate waits for the first delivery to finish.
    public var duplicateWait: Duration

    public init(
        namespace: String,
        templateName: String,
        serviceAccountName: String? = nil,
        staticParameters: [String: String] = [:],
        keyPrefix: String = "facteur",
        sessionTTL: Duration = .seconds(15 * 60),
        idempotencyTTL: Duration = .seconds(24 * 60 * 60),
        claimLease: Duration = .seconds(30),
        duplicateWait: Duration = .seconds(10)
    ) {
        self.namespace = namespace
        self.templateName = templateName
        self.serviceAccountName = serviceAccountName
        self.staticParameters = staticParameters
        self.sessionKeys = SessionKeys(prefix: keyPrefix)
        self.sessionTTL = sessionTTL
        self.idempotencyTTL = idempotencyTTL
        self.claimLease = claimLease
        self.duplicateWait = duplicateWait
    }
}
