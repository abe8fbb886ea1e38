import FacteurCore

/// How Redis failures become the store's error codes. Messages name the command and the
/// server, never a key's value or a credential.
extension KeyValueStoreError {
    /// Error-reply prefixes meaning "the server cannot serve this now", worth a retry later.
    private static let transientPrefixes: Set<Substring> = [
        "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY",
    ]

    /// Error-reply prefixes meaning the connection's credentials are missing or wrong.
    private static let authenticationPrefixes: Set<Substring> = ["NOAUTH", "WRONGPASS"]

    /// Error replies are quoted in messages for operators, cut short in case a script or a
    /// future server version echoes more than a reason.
    private static let maximumQuotedLength = 160

    /// A failure below the protocol: the server could not be reached or the connection broke.
    static func redis(_ failure: RedisConnection.Failure, command: String, server: String) -> KeyValueStoreError {
        switch failure {
        case .unreachable(let reason):
            KeyValueStoreError(code: .unavailable, message: "cannot connect to Redis at \(server): \(reason)")
        case .broken(let reason):
            KeyValueStoreError(code: .unavailable, message: "\(command) to Redis at \(server) failed: \(reason)")
        case .protocolViolation(let reason):
            KeyValueStoreError(
                code: .invalidResponse,
                message: "\(command) to Redis at \(server) got a malformed reply: \(reason)"
            )
        }
    }

    /// An error reply (`-ERR …`), classified by its first word; any refusal of AUTH counts as
    /// bad credentials, including a password sent to a server that has none.
    static func redis(errorReply: String, command: String, server: String) -> KeyValueStoreError {
        let prefix = errorReply.prefix { $0 != " " }
        let code: Code =
            if command == "AUTH" || authenticationPrefixes.contains(prefix) {
                .authenticationFailed
            } else if transientPrefixes.contains(prefix) {
                .unavailable
            } else {
                .invalidResponse
            }
        let quoted = errorReply.count > maximumQuotedLength
            ? errorReply.prefix(maximumQuotedLength) + "…"
            : Substring(errorReply)
        return KeyValueStoreError(code: code, message: "Redis at \(server) refused \(command): \(quoted)")
    }

    /// A reply of a kind the command never returns.
    static func unexpected(_ reply: RedisReply, command: String, server: String) -> KeyValueStoreError {
        KeyValueStoreError(
            code: .invalidResponse,
            message: "\(command) to Redis at \(server) got an unexpected \(reply.kind) reply"
        )
    }
}
