import FacteurCore
import FacteurLogging
import Foundation

/// facteur's sessions and idempotency records in Redis (SPEC sections 2 and 6), through
/// hiredis on a pool of dedicated threads.
///
/// While Redis is down, commands fail fast with `.unavailable` and one connect attempt is
/// made per backoff interval; when it returns, the same store works again without a restart.
public final class RedisKeyValueStore: KeyValueStore {
    /// hiredis writes with write(2), so a write to a connection the server has just closed
    /// raises SIGPIPE, whose default action ends the process. Linux has no per-socket
    /// opt-out, so the signal is ignored process-wide, once; the write then fails with EPIPE
    /// and the connection is replaced like any other broken one.
    private static let brokenPipeSignalIgnored: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// The address and settings in use; its description redacts the password.
    public let configuration: RedisConfiguration

    private let pool: RedisConnectionPool

    /// Starts the pool's threads; connections are opened on first use, so a store can be
    /// created while Redis is still starting.
    /// - Throws: `.unsupported` for `rediss://`: Debian's hiredis 0.14 has no TLS.
    public init(configuration: RedisConfiguration, logger: Logger = .disabled) throws(KeyValueStoreError) {
        guard !configuration.useTLS else {
            throw KeyValueStoreError(
                code: .unsupported,
                message: "rediss:// (TLS) to \(configuration.serverAddress) is not available: "
                    + "this build's hiredis 0.14 has no TLS support; use redis:// on a trusted network "
                    + "or a local TLS proxy such as stunnel"
            )
        }
        Self.brokenPipeSignalIgnored

        self.configuration = configuration
        self.pool = RedisConnectionPool(
            configuration: configuration,
            logger: logger.labelled("facteur.redis"),
            gate: RedisReconnectGate(backoff: configuration.reconnectBackoff, now: Self.monotonicNow)
        )
    }

    deinit {
        pool.shutdown()
    }

    /// Fails queued commands, waits for those in flight, and closes every connection.
    public func shutdown() async {
        pool.shutdown()
        await pool.waitUntilStopped()
    }

    public func get(_ key: String) async throws(KeyValueStoreError) -> String? {
        let command = RedisCommand.get(key)
        switch try await run(command) {
        case .bulkString(let bytes):
            guard let value = String(validating: bytes, as: UTF8.self) else {
                throw KeyValueStoreError(
                    code: .invalidResponse,
                    message: "GET to Redis at \(configuration.serverAddress) returned a value that is not UTF-8"
                )
            }
            return value
        case .null:
            return nil
        case let reply:
            throw .unexpected(reply, command: command.name, server: configuration.serverAddress)
        }
    }

    public func set(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError) {
        let command = RedisCommand.set(key, to: value, ttl: ttl)
        let reply = try await run(command)
        guard reply == .status("OK") else {
            throw .unexpected(reply, command: command.name, server: configuration.serverAddress)
        }
    }

    public func setIfAbsent(
        _ key: String,
        to value: String,
        ttl: Duration
    ) async throws(KeyValueStoreError) -> Bool {
        let command = RedisCommand.setIfAbsent(key, to: value, ttl: ttl)
        switch try await run(command) {
        case .status("OK"):
            return true
        case .null:
            return false
        case let reply:
            throw .unexpected(reply, command: command.name, server: configuration.serverAddress)
        }
    }

    @discardableResult
    public func delete(_ key: String, ifEqualTo expected: String) async throws(KeyValueStoreError) -> Bool {
        let command = RedisCommand.compareAndDelete(key, expected: expected)
        switch try await run(command) {
        case .integer(let deleted):
            return deleted > 0
        case let reply:
            throw .unexpected(reply, command: command.name, server: configuration.serverAddress)
        }
    }

    /// PING for `/readyz` (SPEC section 3); fails fast while Redis is known to be down.
    public func ping() async throws(KeyValueStoreError) {
        let reply = try await run(.ping)
        guard reply == .status("PONG") else {
            throw .unexpected(reply, command: RedisCommand.ping.name, server: configuration.serverAddress)
        }
    }

    private func run(_ command: RedisCommand) async throws(KeyValueStoreError) -> RedisReply {
        try await pool.execute(command).get()
    }

    /// Monotonic time for the reconnect gate; tests drive the gate with their own clock.
    private static let monotonicNow: @Sendable () -> Duration = {
        let origin = ContinuousClock.now
        return { origin.duration(to: ContinuousClock.now) }
    }()
}
