/// The one error telemetry exporters throw: an opaque code the processors count by, a
/// message for the log line, and the HTTP status when the collector answered.
public struct TelemetryError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The collector answered with a status that is not retried, such as 400.
        public static let rejected = Code("rejected")
        /// The collector could not be reached or the connection failed.
        public static let transport = Code("transport")
        /// Retryable answers continued past the retry budget.
        public static let retriesExhausted = Code("retriesExhausted")
        /// The export was cancelled, typically by a shutdown deadline.
        public static let cancelled = Code("cancelled")
        /// The exporter was already shut down.
        public static let shutdown = Code("shutdown")

        public var description: String { name }
    }

    /// What went wrong, for branching and counting.
    public var code: Code
    /// A constant phrase or the transport's explanation; never a credential.
    public var message: String

    /// The collector's HTTP status, when it answered.
    public var status: Int?

    /// The transport error underneath, when there was one.
    public var underlying: (any Error & Sendable)?

    /// Where the error was raised, for logs.
    public var file: String
    /// Where the error was raised, for logs.
    public var line: Int

    public init(
        code: Code,
        message: String,
        status: Int? = nil,
        underlying: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "TelemetryError(\(code)): \(message)"
        if let status {
            text += " (HTTP \(status))"
        }
        return text
    }
}
