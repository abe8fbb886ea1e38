import FacteurCore
import FacteurLogging

/// Running one command on a pool thread: choosing or opening its connection, replacing a
/// broken one, and the connection handshake. Everything here blocks the calling pool thread.
extension RedisConnectionPool {
    /// Sends `command` on the thread's connection, opening one when there is none or the one
    /// there is stale. An idempotent command that meets a dead pooled connection is sent once
    /// more on a fresh one; the others fail, since they may have reached the server.
    func perform(_ command: RedisCommand, on slot: inout RedisConnection?) -> Outcome {
        var mayRetry = command.isIdempotent
        while true {
            let connection: RedisConnection
            let isReused: Bool
            if let existing = slot, isUsable(existing) {
                connection = existing
                isReused = true
            } else {
                slot = nil
                switch openConnection() {
                case .success(let opened):
                    connection = opened
                    isReused = false
                    slot = opened
                case .failure(let error):
                    return .failure(error)
                }
            }

            do {
                let reply = try connection.send(command)
                if case .error(let text) = reply {
                    return .failure(.redis(errorReply: text, command: command.name, server: server))
                }
                return .success(reply)
            } catch {
                slot = nil
                retire(connection, after: error, command: command)
                if isReused && mayRetry {
                    mayRetry = false
                    continue
                }
                return .failure(.redis(error, command: command.name, server: server))
            }
        }
    }

    private var server: String {
        configuration.serverAddress
    }

    private func isUsable(_ connection: RedisConnection) -> Bool {
        connection.generation == generation.load(ordering: .acquiring) && !connection.isClosedByPeer
    }

    /// Marks the connection's generation stale, once per generation, so the sibling
    /// connections opened alongside it are replaced rather than each failing a command.
    private func retire(_ connection: RedisConnection, after failure: RedisConnection.Failure, command: RedisCommand) {
        let (exchanged, _) = generation.compareExchange(
            expected: connection.generation,
            desired: connection.generation &+ 1,
            ordering: .acquiringAndReleasing
        )
        guard exchanged else {
            return
        }
        logger.warning("redis connection lost", metadata: [
            "server.address": "\(server)",
            "db.operation.name": "\(command.name)",
            "error.message": "\(Self.reason(of: failure))",
        ])
    }

    /// Opens, authenticates and selects a connection, unless the reconnect gate says Redis is
    /// down and this thread is not the one to probe it.
    private func openConnection() -> Result<RedisConnection, KeyValueStoreError> {
        if case .refuse(let error) = gate.requestAttempt() {
            return .failure(error)
        }

        do {
            let connection = try connectAndHandshake()
            let previousFailures = gate.recordSuccess()
            if previousFailures > 0 {
                logger.info("redis connection restored", metadata: [
                    "server.address": "\(server)",
                    "facteur.redis.failed_attempts": .int(previousFailures),
                ])
            }
            return .success(connection)
        } catch {
            let (failures, delay) = gate.recordFailure(error)
            let metadata: Logger.Metadata = [
                "server.address": "\(server)",
                "error.type": "\(error.code)",
                "error.message": "\(error.message)",
                "facteur.redis.failed_attempts": .int(failures),
                "facteur.redis.retry_in_ms": .int(Int(delay / .milliseconds(1))),
            ]
            // Warn when the outage starts; later probes of the same outage are routine.
            if failures == 1 {
                logger.warning("redis unavailable", metadata: metadata)
            } else {
                logger.debug("redis reconnect failed", metadata: metadata)
            }
            return .failure(error)
        }
    }

    /// AUTH when credentials are configured, then SELECT on every new connection (even for
    /// database 0, because its answer also proves the connection is authorised).
    private func connectAndHandshake() throws(KeyValueStoreError) -> RedisConnection {
        let connection: RedisConnection
        do {
            connection = try RedisConnection.connect(
                host: configuration.host,
                port: configuration.port,
                connectTimeout: configuration.connectTimeout,
                commandTimeout: configuration.commandTimeout,
                generation: generation.load(ordering: .acquiring)
            )
        } catch {
            throw .redis(error, command: "connect", server: server)
        }

        if let password = configuration.password {
            let auth = RedisCommand.authenticate(username: configuration.username, password: password)
            try expectOK(auth, on: connection)
        }
        try expectOK(.select(database: configuration.database), on: connection)
        return connection
    }

    private func expectOK(_ command: RedisCommand, on connection: RedisConnection) throws(KeyValueStoreError) {
        let reply: RedisReply
        do {
            reply = try connection.send(command)
        } catch {
            throw .redis(error, command: command.name, server: server)
        }
        switch reply {
        case .status("OK"):
            return
        case .error(let text):
            throw .redis(errorReply: text, command: command.name, server: server)
        default:
            throw .unexpected(reply, command: command.name, server: server)
        }
    }

    private static func reason(of failure: RedisConnection.Failure) -> String {
        switch failure {
        case .unreachable(let reason), .broken(let reason), .protocolViolation(let reason):
            reason
        }
    }
}
