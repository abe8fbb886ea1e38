import Foundation

/// Everything the client needs to send one request; a value, so callers can build a template
/// and vary it per call.
public struct HTTPClientRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod

    /// The absolute `http://` or `https://` URL, query included.
    public var url: String

    /// Header fields sent as given; bearer tokens belong here and are never logged.
    public var headers: HTTPHeaders

    /// The request content, sent with a `Content-Length`; `nil` sends none.
    public var body: Data?

    /// The limit on the whole exchange, connection included; `nil` means none, as a watch
    /// stream needs.
    public var timeout: Duration?

    /// The limit on establishing the connection; `nil` uses the client's configured default.
    public var connectTimeout: Duration?

    /// The URL as errors and logs show it; `nil` shows `url` without user info and query.
    /// Callers whose path carries a secret, such as a Discord interaction token, set it.
    public var redactedURL: String?

    /// Creates a request; only the URL is required.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        timeout: Duration? = nil,
        connectTimeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.redactedURL = nil
    }

    /// The URL without credentials, for errors and logs.
    var displayURL: String {
        if let redactedURL {
            return redactedURL
        }
        guard var components = URLComponents(string: url) else {
            return "<unparsable URL>"
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<unparsable URL>"
    }

    /// The host name, the OpenTelemetry `server.address` attribute.
    var serverAddress: String {
        URLComponents(string: url)?.host ?? ""
    }
}
