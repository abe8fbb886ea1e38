/// The `redis.url` value, parsed once so the Redis client never re-reads text and `config print` can
/// redact the password.
///
/// Accepted forms: `redis://[[user]:password@]host[:port][/db]`, the same with `rediss://` for TLS, and
/// `memory://` for the in-process store used in local runs.
public struct RedisURL: Sendable, Equatable {
    /// Where sessions are stored.
    public enum Scheme: String, Sendable, Equatable, CaseIterable {
        /// A Redis server over plain TCP.
        case redis
        /// A Redis server over TLS.
        case rediss
        /// An in-process store; nothing survives a restart.
        case memory
    }

    /// The in-process store.
    public static let memory = RedisURL(scheme: .memory, host: "", port: 0)

    /// The scheme.
    public var scheme: Scheme

    /// The server's host name or IP, without IPv6 brackets; empty for `memory://`.
    public var host: String

    /// The server's port, 6379 unless the URL names another; 0 for `memory://`.
    public var port: UInt16

    /// The ACL user name (Redis 6 `AUTH user password`), if any.
    public var username: String?

    /// The password, if any; a secret.
    public var password: String?

    /// The logical database number selected after connecting.
    public var database: Int

    /// Creates a URL from its parts.
    public init(
        scheme: Scheme,
        host: String,
        port: UInt16 = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0
    ) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// True for `memory://`, which needs no server and is always ready.
    public var isInMemory: Bool {
        scheme == .memory
    }

    /// The URL with its password, percent-encoded, for the code that connects; never log it.
    public var unredactedString: String {
        render(password: password.map(Self.percentEncoded))
    }

    /// The URL with the password replaced by `<redacted>`, safe for logs and `config print`.
    public var redactedString: String {
        render(password: password == nil ? nil : Configuration.redactedMarker)
    }

    private func render(password: String?) -> String {
        guard scheme != .memory else {
            return "memory://"
        }
        var text = "\(scheme.rawValue)://"
        if username != nil || password != nil {
            text += username.map(Self.percentEncoded) ?? ""
            if let password {
                text += ":\(password)"
            }
            text += "@"
        }
        text += host.contains(":") ? "[\(host)]" : host
        return text + ":\(port)/\(database)"
    }
}

extension RedisURL: CustomStringConvertible {
    /// The redacted form, so string interpolation can never leak the password.
    public var description: String {
        redactedString
    }
}
