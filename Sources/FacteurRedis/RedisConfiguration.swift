/// Where the Redis server is and how the store talks to it, as plain values: the
/// application maps its parsed `redis.url` (SPEC section 2) onto this, so this module does
/// not depend on the configuration module.
public struct RedisConfiguration: Sendable, Equatable {
    /// The server's host name or IP address, without IPv6 brackets.
    public var host: String

    /// The server's TCP port.
    public var port: Int

    /// The ACL user name sent with AUTH (Redis 6 and later), if any.
    public var username: String?

    /// The password sent with AUTH, if any; a secret, never logged or put in an error.
    public var password: String?

    /// The logical database selected on every new connection.
    public var database: Int

    /// Whether the URL asked for TLS (`rediss://`); this build cannot provide it, and the
    /// store refuses to start rather than silently talking plain TCP.
    public var useTLS: Bool

    /// How many connections, and so how many commands, can be in flight at once.
    public var poolSize: Int

    /// How long a TCP connect, including name resolution, may take.
    public var connectTimeout: Duration

    /// How long one command may wait for its reply before the connection is discarded.
    public var commandTimeout: Duration

    /// How reconnect attempts are spaced while the server cannot be reached.
    public var reconnectBackoff: RedisReconnectBackoff

    /// Creates a configuration; only the address is required.
    public init(
        host: String,
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        useTLS: Bool = false,
        poolSize: Int = 8,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        reconnectBackoff: RedisReconnectBackoff = RedisReconnectBackoff()
    ) {
        precondition(poolSize > 0, "a Redis connection pool needs at least one connection, not \(poolSize)")
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.useTLS = useTLS
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
    }

    /// `host:port`, with brackets around an IPv6 address, for errors and logs.
    public var serverAddress: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// A rendering without the password, so interpolating a configuration cannot leak it.
    public var description: String {
        let scheme = useTLS ? "rediss" : "redis"
        let user = username ?? ""
        let credentials = password == nil ? (username == nil ? "" : "\(user)@") : "\(user):<redacted>@"
        return "\(scheme)://\(credentials)\(serverAddress)/\(database)"
    }
}
