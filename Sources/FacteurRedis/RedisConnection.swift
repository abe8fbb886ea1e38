import CHiredis
import Foundation

/// One blocking hiredis connection, owning its `redisContext` and freeing it in `deinit`.
///
/// Not `Sendable`: a connection is created, used and released by the one pool thread that
/// owns it, and every call blocks that thread for at most the configured timeouts.
final class RedisConnection {
    /// Why a connect or a command failed below the Redis protocol; error replies are not
    /// failures here, they come back as `RedisReply.error`.
    enum Failure: Error {
        /// No connection could be made: refused, unresolvable, or the connect timed out.
        case unreachable(String)
        /// The connection broke mid-command (I/O error, EOF, reply timeout) and is unusable.
        case broken(String)
        /// The server sent something that is not RESP; the connection is unusable.
        case protocolViolation(String)
    }

    /// The pool's connection generation when this connection was opened; a connection from
    /// an older generation is discarded unused (see `RedisConnectionPool`).
    let generation: UInt64

    private let context: UnsafeMutablePointer<redisContext>

    private init(context: UnsafeMutablePointer<redisContext>, generation: UInt64) {
        self.context = context
        self.generation = generation
    }

    deinit {
        redisFree(context)
    }

    /// Connects with `connectTimeout` and sets `commandTimeout` on the socket
    /// (redisConnectWithTimeout and redisSetTimeout, hiredis README "Connecting").
    static func connect(
        host: String,
        port: Int,
        connectTimeout: Duration,
        commandTimeout: Duration,
        generation: UInt64
    ) throws(Failure) -> RedisConnection {
        guard let context = redisConnectWithTimeout(host, Int32(clamping: port), makeTimeval(connectTimeout)) else {
            throw .unreachable("hiredis could not allocate a context")
        }
        guard context.pointee.err == 0 else {
            let text = String(cString: facteur_redis_error_text(context))
            redisFree(context)
            throw .unreachable(text)
        }

        let connection = RedisConnection(context: context, generation: generation)
        guard redisSetTimeout(context, makeTimeval(commandTimeout)) == REDIS_OK else {
            throw .unreachable("the command timeout could not be set: \(connection.errorText)")
        }
        return connection
    }

    /// Sends one command and waits for its reply.
    func send(_ command: RedisCommand) throws(Failure) -> RedisReply {
        var storage: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        for argument in command.arguments {
            offsets.append(storage.count)
            lengths.append(argument.count)
            storage.append(contentsOf: argument)
        }
        // Keeps the buffer non-empty, so its base address exists even when every argument is.
        storage.append(0)

        let (reply, savedErrno) = storage.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return argv.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { lengths in
                    let reply = facteur_redis_command_argv(
                        context,
                        Int32(argv.count),
                        argv.baseAddress,
                        lengths.baseAddress
                    )
                    // Read before anything else can overwrite it; only a timeout needs it.
                    return (reply, errno)
                }
            }
        }

        guard let reply else {
            throw failure(errno: savedErrno)
        }
        defer { freeReplyObject(reply) }
        return RedisReply(copying: reply)
    }

    /// Whether the server has closed this idle connection (a restart, its `timeout` setting),
    /// found without a round trip: Redis never writes to an idle connection unasked, so any
    /// readable event on one means EOF, a reset, or a stream that can no longer be trusted.
    var isClosedByPeer: Bool {
        var descriptor = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, 0)
            if ready == 0 {
                return false
            }
            if ready < 0 && errno == EINTR {
                continue
            }
            return true
        }
    }

    private var errorText: String {
        String(cString: facteur_redis_error_text(context))
    }

    private func failure(errno savedErrno: Int32) -> Failure {
        switch context.pointee.err {
        case REDIS_ERR_PROTOCOL:
            return .protocolViolation(errorText)
        case REDIS_ERR_EOF:
            return .broken("the server closed the connection")
        case REDIS_ERR_IO where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK:
            return .broken("no reply within the command timeout")
        default:
            return .broken(errorText)
        }
    }

    private static func makeTimeval(_ duration: Duration) -> timeval {
        let (seconds, attoseconds) = duration.components
        let microseconds = attoseconds / 1_000_000_000_000
        return timeval(tv_sec: Int(seconds), tv_usec: Int(microseconds))
    }
}
