import FacteurHTTPClient

/// A failed Kubernetes call, carrying the API's `Status` reason and message when it answered
/// and the transport error when it did not.
public struct KubernetesError: Error, Sendable, CustomStringConvertible {
    /// Opaque and extensible: match on the static values.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// The API answered a status retrying cannot change: 400, 401, 403, 404, 409, 422…
        public static let rejected = Code(name: "rejected")
        /// 429, 5xx or transient transport failures lasted until the retry budget ran out.
        public static let unavailable = Code(name: "unavailable")
        /// A transport failure retrying cannot fix, such as a refused TLS handshake.
        public static let transport = Code(name: "transport")
        /// The API answered something its contract does not allow.
        public static let invalidResponse = Code(name: "invalid_response")
        /// The calling task was cancelled.
        public static let cancelled = Code(name: "cancelled")
        /// The bearer token could not be read.
        public static let credentials = Code(name: "credentials")

        public var description: String { name }
    }

    /// The category callers branch on.
    public var code: Code

    /// The API's `Status.message` when there is one, else an explanation.
    public var message: String

    /// The request method.
    public var method: String

    /// The request path, without query or host.
    public var path: String

    /// The HTTP status of the last answer, if the API answered.
    public var httpStatus: Int?

    /// The `Status.reason` of the last answer, such as `Forbidden`.
    public var reason: String?

    /// The decoded `Status` of the last answer.
    public var status: KubernetesStatus?

    /// Seconds the API asked to wait (`Retry-After` or `details.retryAfterSeconds`).
    public var retryAfter: Int?

    /// How many attempts were made.
    public var attempts: Int

    /// True when an earlier attempt failed after the request may have reached the server,
    /// so a 409 on a later attempt may be this call's own create.
    public var mayHaveBeenApplied: Bool

    /// The transport failure behind the error, if any.
    public var underlying: HTTPClientError?

    /// Where the error was raised, for logs.
    public var file: String

    /// Where the error was raised, for logs.
    public var line: Int

    /// Creates an error; `file` and `line` default to the caller's location.
    public init(
        code: Code,
        message: String,
        method: String,
        path: String,
        httpStatus: Int? = nil,
        reason: String? = nil,
        status: KubernetesStatus? = nil,
        retryAfter: Int? = nil,
        attempts: Int = 1,
        mayHaveBeenApplied: Bool = false,
        underlying: HTTPClientError? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.method = method
        self.path = path
        self.httpStatus = httpStatus
        self.reason = reason
        self.status = status
        self.retryAfter = retryAfter
        self.attempts = attempts
        self.mayHaveBeenApplied = mayHaveBeenApplied
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "KubernetesError(\(code)): \(method) \(path): \(message)"
        if let httpStatus {
            text += " (HTTP \(httpStatus)" + (reason.map { ", \($0)" } ?? "") + ")"
        }
        if attempts > 1 {
            text += " after \(attempts) attempts"
        }
        return text
    }
}
