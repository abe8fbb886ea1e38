/// The `redis.*` keys: where sessions and idempotency records live and how long sessions last.
public struct RedisConfiguration: Sendable, Equatable {
    /// `redis.url`, parsed.
    public var url: RedisURL

    /// `redis.key_prefix`; every key facteur writes starts with `<prefix>:` (SPEC section 6).
    public var keyPrefix: String

    /// `redis.session_ttl`; how long a user's last dispatch is remembered.
    public var sessionTTL: Duration

    /// Creates the section; the URL has no default.
    public init(url: RedisURL, keyPrefix: String = "facteur", sessionTTL: Duration = .seconds(15 * 60)) {
        self.url = url
        self.keyPrefix = keyPrefix
        self.sessionTTL = sessionTTL
    }
}
