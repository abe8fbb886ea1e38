/// The `server.listen_address` value: a port and, optionally, the one interface to bind.
public struct ListenAddress: Sendable, Equatable {
    /// The host or IP to bind, without IPv6 brackets; nil binds every interface.
    public var host: String?

    /// The TCP port; 0 asks the system for a free one.
    public var port: UInt16

    /// Creates an address.
    public init(host: String?, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `:port` or `[ipv6]:port`; nil when the text is none of those.
    public init?(_ text: String) {
        guard let address = try? Self.parse(text) else {
            return nil
        }
        self = address
    }

    static func parse(_ text: String) throws(InvalidValue) -> ListenAddress {
        let malformed = InvalidValue("\(InvalidValue.quote(text)) is not host:port, :port or [ipv6]:port")
        guard let colon = text.lastIndex(of: ":") else {
            throw malformed
        }
        var host = String(text[..<colon])
        let port = try parsePort(String(text[text.index(after: colon)...]), in: text)

        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else {
                throw malformed
            }
            host = String(host.dropFirst().dropLast())
            let allowed = Set("0123456789abcdefABCDEF:.%")
            guard host.contains(":"), host.allSatisfy({ allowed.contains($0) || $0.isLetter || $0.isNumber }) else {
                throw malformed
            }
            return ListenAddress(host: host, port: port)
        }
        if host.isEmpty {
            return ListenAddress(host: nil, port: port)
        }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw host.contains(":")
                ? InvalidValue("\(InvalidValue.quote(text)) needs brackets around an IPv6 host, as in [::1]:8080")
                : malformed
        }
        return ListenAddress(host: host, port: port)
    }

    private static func parsePort(_ text: String, in address: String) throws(InvalidValue) -> UInt16 {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = UInt16(text)
        else {
            throw InvalidValue("\(InvalidValue.quote(address)) has port \(InvalidValue.quote(text)), not 0-65535")
        }
        return port
    }
}

extension ListenAddress: CustomStringConvertible {
    /// The address as written in configuration, with IPv6 hosts in brackets.
    public var description: String {
        guard let host else {
            return ":\(port)"
        }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
