#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the server could not start. It names the address and, for a failed system call,
/// the call and its errno text, so an operator can act without reading code.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// An opaque, extensible classification; compare against the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The host is not an IP literal or resolvable name, or the port is out of range.
        public static let invalidAddress = Code("invalid address")
        /// socket(), bind() or listen() failed.
        public static let listenFailed = Code("listen failed")
        /// libmicrohttpd refused to start its daemon.
        public static let daemonFailed = Code("daemon failed")
        /// `start()` was called on a server that was already started or shut down.
        public static let invalidState = Code("invalid state")
    }

    public let code: Code

    /// The address as configured, `host:port`.
    public let address: String

    /// What went wrong, as a constant phrase.
    public let message: String

    /// The failing system call, when there was one.
    public let systemCall: String?

    /// The errno the call left, when there was one.
    public let errno: Int32?

    public let file: String
    public let line: Int

    init(
        _ code: Code,
        address: String,
        message: String,
        systemCall: String? = nil,
        errno: Int32? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.address = address
        self.message = message
        self.systemCall = systemCall
        self.errno = errno
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "cannot listen on \(address): \(message)"
        if let systemCall, let errno {
            text += " (\(systemCall): \(String(cString: strerror(errno))), errno \(errno))"
        }
        return text
    }
}
