/// The one error the HTTP client throws: an opaque code callers branch on, plus the request
/// and libcurl's own account of what failed, for logs.
public struct HTTPClientError: Error, Sendable {
    /// What went wrong, as far as a caller deciding whether to retry needs to know; new codes
    /// may be added without breaking callers that compare against the ones they handle.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidRequest
            case resolveFailed
            case connectFailed
            case timedOut
            case tlsFailed
            case connectionClosed
            case responseTooLarge
            case cancelled
            case shutdown
            case transport
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The request could not be expressed: a malformed URL, a header with a line break.
        public static let invalidRequest = Code(.invalidRequest)
        /// The host name did not resolve.
        public static let resolveFailed = Code(.resolveFailed)
        /// No connection could be made, typically refused.
        public static let connectFailed = Code(.connectFailed)
        /// The request or connect timeout elapsed; callers may retry.
        public static let timedOut = Code(.timedOut)
        /// The TLS handshake failed: an untrusted peer, a rejected client certificate, an
        /// unreadable key.
        public static let tlsFailed = Code(.tlsFailed)
        /// The peer closed or reset the connection before the response was complete.
        public static let connectionClosed = Code(.connectionClosed)
        /// The response body exceeded the client's buffering limit.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The awaiting task was cancelled, or the streamed body was abandoned.
        public static let cancelled = Code(.cancelled)
        /// The client was shut down before the transfer finished.
        public static let shutdown = Code(.shutdown)
        /// Any other transport failure; `curlCode` and `message` say which.
        public static let transport = Code(.transport)

        public var description: String { base.rawValue }
    }

    /// The category callers branch on.
    public var code: Code

    /// libcurl's error text (CURLOPT_ERRORBUFFER) or the client's own explanation.
    public var message: String

    /// The request method.
    public var method: String

    /// The request URL without user info or query, or the caller's `redactedURL`.
    public var url: String

    /// The underlying `CURLcode`, when libcurl reported the failure.
    public var curlCode: Int?

    /// Where the error was raised, for logs.
    public var file: String

    /// Where the error was raised, for logs.
    public var line: Int

    /// Creates an error; `file` and `line` default to the caller's location.
    public init(
        code: Code,
        message: String,
        method: String,
        url: String,
        curlCode: Int? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.method = method
        self.url = url
        self.curlCode = curlCode
        self.file = file
        self.line = line
    }

    /// Whether repeating the same request may succeed: timeouts, failed connections and
    /// resolutions, and dropped connections (SPEC §6 retries the first on Kubernetes calls).
    public var isTransient: Bool {
        [Code.timedOut, .connectFailed, .resolveFailed, .connectionClosed].contains(code)
    }
}

extension HTTPClientError: CustomStringConvertible {
    public var description: String {
        var text = "HTTPClientError(\(code)): \(method) \(url): \(message)"
        if let curlCode {
            text += " (CURLcode \(curlCode))"
        }
        return text
    }
}
