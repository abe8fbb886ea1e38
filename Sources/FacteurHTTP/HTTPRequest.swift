/// One request as a handler sees it: fully received, so a handler never waits on the network
/// and can be tested without a server.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod

    /// The path with percent-escapes decoded and without the query string.
    public var path: String

    /// The raw query string after `?`, still percent-encoded; nil when the target had none.
    public var query: String?

    public var headers: HTTPHeaders

    /// The body exactly as received, with any chunked framing removed.
    public var body: [UInt8]

    /// The peer's IP address as text (`127.0.0.1`, `::1`), when the socket had one.
    public var remoteAddress: String?

    /// The peer's TCP port, when the socket had one.
    public var remotePort: Int?

    public init(
        method: HTTPMethod,
        path: String,
        query: String? = nil,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        remoteAddress: String? = nil,
        remotePort: Int? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
    }
}
