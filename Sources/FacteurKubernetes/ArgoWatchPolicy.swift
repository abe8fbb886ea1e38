/// How `ArgoWorkflowGateway` follows a Workflow to its end: watch streams first, polling once
/// watching keeps failing (an RBAC role without `watch`, a proxy that cuts long requests).
public struct ArgoWatchPolicy: Sendable, Equatable {
    /// The `timeoutSeconds` of each watch; the gateway re-opens it from the last
    /// resourceVersion when the server ends it.
    public var watchTimeout: Duration

    /// Consecutive watch failures, without an event in between, before switching to polling.
    public var maximumWatchFailures: Int

    /// The wait between polls once watching has been given up.
    public var pollInterval: Duration

    /// The wait before re-opening a watch that failed; doubled per consecutive failure.
    public var reconnectDelay: Duration

    /// Creates a policy.
    public init(
        watchTimeout: Duration = .seconds(300),
        maximumWatchFailures: Int = 3,
        pollInterval: Duration = .seconds(10),
        reconnectDelay: Duration = .seconds(1)
    ) {
        self.watchTimeout = watchTimeout
        self.maximumWatchFailures = maximumWatchFailures
        self.pollInterval = pollInterval
        self.reconnectDelay = reconnectDelay
    }
}
