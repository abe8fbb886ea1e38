/// The `server.*` keys: where facteur listens and how it bounds requests and shutdown.
public struct ServerConfiguration: Sendable, Equatable {
    /// `server.listen_address`; all interfaces on port 8080 by default.
    public var listenAddress: ListenAddress

    /// `server.max_body_bytes`; a larger request body gets 413.
    public var maxBodyBytes: Int

    /// `server.shutdown_timeout`; how long in-flight work may run after SIGINT or SIGTERM.
    public var shutdownTimeout: Duration

    /// Creates the section with SPEC section 2's defaults.
    public init(
        listenAddress: ListenAddress = ListenAddress(host: nil, port: 8080),
        maxBodyBytes: Int = 1_048_576,
        shutdownTimeout: Duration = .seconds(10)
    ) {
        self.listenAddress = listenAddress
        self.maxBodyBytes = maxBodyBytes
        self.shutdownTimeout = shutdownTimeout
    }
}
