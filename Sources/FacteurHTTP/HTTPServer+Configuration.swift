import Foundation

extension HTTPServer {
    /// Listening and limits, filled from `server.*` configuration (SPEC section 2).
    public struct Configuration: Sendable {
        /// An IPv4 or IPv6 literal (brackets optional) or a host name; nil listens on every
        /// interface, IPv6 and IPv4 alike where the system allows.
        public var host: String?

        /// The TCP port; 0 asks the kernel for a free one, which `HTTPServer.port` reports.
        public var port: Int

        /// Larger bodies get 413 (SPEC section 2, `server.max_body_bytes`).
        public var maxBodyBytes: Int

        /// How long a connection may sit idle or stall mid-request before it is closed;
        /// libmicrohttpd counts whole seconds, so this is rounded up.
        public var connectionTimeout: Duration

        /// libmicrohttpd worker threads; each runs its own epoll loop.
        public var threadPoolSize: Int

        /// Whether connections stay open between requests; when false every response
        /// carries `Connection: close`.
        public var isKeepAliveEnabled: Bool

        /// The listen(2) backlog.
        public var listenBacklog: Int

        public init(
            host: String? = nil,
            port: Int = 8080,
            maxBodyBytes: Int = 1_048_576,
            connectionTimeout: Duration = .seconds(60),
            threadPoolSize: Int = ProcessInfo.processInfo.activeProcessorCount,
            isKeepAliveEnabled: Bool = true,
            listenBacklog: Int = 511
        ) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.connectionTimeout = connectionTimeout
            self.threadPoolSize = threadPoolSize
            self.isKeepAliveEnabled = isKeepAliveEnabled
            self.listenBacklog = listenBacklog
        }

        /// The address as an operator wrote it, for messages.
        var displayAddress: String {
            guard let host else { return ":\(port)" }
            return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }

        /// Whole seconds for MHD_OPTION.CONNECTION_TIMEOUT, at least one so that a tiny
        /// value does not turn into 0, which libmicrohttpd reads as "never".
        var connectionTimeoutSeconds: UInt32 {
            let (seconds, attoseconds) = connectionTimeout.components
            let rounded = seconds + (attoseconds > 0 ? 1 : 0)
            return UInt32(clamping: max(1, rounded))
        }
    }
}
