/// One Redis command as its argument vector, sent with `redisCommandArgv` and explicit
/// lengths so keys and values are binary-safe and never pass through a format string.
struct RedisCommand: Sendable {
    /// The command's name, used in errors and logs in place of its arguments, which may hold
    /// secrets (AUTH) or user data (SET).
    let name: String

    let arguments: [[UInt8]]

    /// Whether sending it twice has the same effect as once; only these are retried on a
    /// fresh connection when a pooled one turns out to be dead mid-command.
    let isIdempotent: Bool

    private init(name: String, arguments: [String], isIdempotent: Bool) {
        self.name = name
        self.arguments = arguments.map { Array($0.utf8) }
        self.isIdempotent = isIdempotent
    }

    /// Deletes `KEYS[1]` only while it holds `ARGV[1]`, atomically on the server, because a
    /// GET followed by a DEL could remove a claim another worker took in between.
    static let compareAndDeleteScript = """
        if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0
        """

    static func get(_ key: String) -> RedisCommand {
        RedisCommand(name: "GET", arguments: ["GET", key], isIdempotent: true)
    }

    /// `SET key value PX ms`; repeating it rewrites the same value and TTL.
    static func set(_ key: String, to value: String, ttl: Duration) -> RedisCommand {
        RedisCommand(
            name: "SET",
            arguments: ["SET", key, value, "PX", String(milliseconds(ttl))],
            isIdempotent: true
        )
    }

    /// `SET key value NX PX ms`; a repeat after a lost reply would report the caller's own
    /// write as someone else's, so it is never retried.
    static func setIfAbsent(_ key: String, to value: String, ttl: Duration) -> RedisCommand {
        RedisCommand(
            name: "SET NX",
            arguments: ["SET", key, value, "NX", "PX", String(milliseconds(ttl))],
            isIdempotent: false
        )
    }

    static func compareAndDelete(_ key: String, expected: String) -> RedisCommand {
        RedisCommand(
            name: "EVAL",
            arguments: ["EVAL", compareAndDeleteScript, "1", key, expected],
            isIdempotent: false
        )
    }

    static let ping = RedisCommand(name: "PING", arguments: ["PING"], isIdempotent: true)

    /// `AUTH [username] password`; the two-argument form needs Redis 6 ACLs.
    static func authenticate(username: String?, password: String) -> RedisCommand {
        let credentials = username.map { [$0, password] } ?? [password]
        return RedisCommand(name: "AUTH", arguments: ["AUTH"] + credentials, isIdempotent: true)
    }

    static func select(database: Int) -> RedisCommand {
        RedisCommand(name: "SELECT", arguments: ["SELECT", String(database)], isIdempotent: true)
    }

    /// Whole milliseconds, rounded up and at least one: Redis rejects `PX 0`, and rounding
    /// down could expire a key before the caller's TTL has passed.
    static func milliseconds(_ ttl: Duration) -> Int64 {
        let milliseconds = (ttl / .milliseconds(1)).rounded(.up)
        guard milliseconds >= 1 else {
            return 1
        }
        return milliseconds >= Double(Int64.max) ? Int64.max : Int64(milliseconds)
    }
}
