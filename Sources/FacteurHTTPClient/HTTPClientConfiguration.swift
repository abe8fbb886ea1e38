/// Settings fixed for the life of one client, and so for every connection in its pool.
public struct HTTPClientConfiguration: Sendable {
    /// TLS trust and client identity.
    public var tls: HTTPClientTLSConfiguration

    /// The connect timeout of requests that do not set their own.
    public var connectTimeout: Duration

    /// The most connections kept open while idle, for reuse (CURLMOPT_MAXCONNECTS).
    public var maximumIdleConnections: Int

    /// The most simultaneous connections to one host; 0 means no limit
    /// (CURLMOPT_MAX_HOST_CONNECTIONS). Requests beyond it wait for a free connection.
    public var maximumConnectionsPerHost: Int

    /// The largest body `execute` collects before failing with `.responseTooLarge`.
    public var maximumResponseBodySize: Int

    /// How many body bytes a stream holds for a slow reader before the transfer pauses.
    public var streamBufferSize: Int

    /// The `User-Agent` sent when the request has none; `nil` sends none.
    public var userAgent: String?

    /// Creates a configuration with defaults suited to an API client.
    public init(
        tls: HTTPClientTLSConfiguration = HTTPClientTLSConfiguration(),
        connectTimeout: Duration = .seconds(10),
        maximumIdleConnections: Int = 16,
        maximumConnectionsPerHost: Int = 0,
        maximumResponseBodySize: Int = 64 * 1024 * 1024,
        streamBufferSize: Int = 1024 * 1024,
        userAgent: String? = "facteur"
    ) {
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.maximumIdleConnections = maximumIdleConnections
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
        self.maximumResponseBodySize = maximumResponseBodySize
        self.streamBufferSize = streamBufferSize
        self.userAgent = userAgent
    }
}
