import FacteurHTTPClient
import Foundation

/// One call to the Kubernetes API, independent of where the server is and how facteur
/// authenticates; the client adds both.
public struct KubernetesRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod

    /// The absolute API path, such as `/apis/argoproj.io/v1alpha1/namespaces/ns/workflows`.
    public var path: String

    /// Query parameters, sent sorted by name and percent-encoded.
    public var query: [String: String]

    /// A JSON body, sent as `application/json`.
    public var body: Data?

    /// The W3C `traceparent` to send, so the API server's audit log joins facteur's trace;
    /// `nil` falls back to `KubernetesTracing.traceparent`.
    public var traceparent: String?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get,
        path: String,
        query: [String: String] = [:],
        body: Data? = nil,
        traceparent: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.traceparent = traceparent
    }

    /// The path and query as they go on the request line.
    var target: String {
        guard !query.isEmpty else { return path }
        let pairs = query.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }
        return path + "?" + pairs.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so selectors such as
    /// `metadata.name=x` survive as one value.
    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
    )

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// Encodes one path segment, such as a namespace or an object name.
    static func segment(_ text: String) -> String {
        encode(text)
    }
}

/// A successful answer of the API.
public struct KubernetesResponse: Sendable {
    /// The 2xx status.
    public var status: Int

    /// The response header fields.
    public var headers: HTTPHeaders

    /// The JSON body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Decodes the body, failing with `.invalidResponse` when it is not the expected object.
    public func decode<Value: Decodable>(
        _ type: Value.Type,
        method: String,
        path: String
    ) throws(KubernetesError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw KubernetesError(
                code: .invalidResponse,
                message: "the response is not a valid \(type): \(error)",
                method: method,
                path: path,
                httpStatus: status
            )
        }
    }
}

/// Trace context for Kubernetes calls made deep inside a gateway whose protocol carries none.
public enum KubernetesTracing {
    /// The `traceparent` requests in this task send when they name none themselves.
    @TaskLocal public static var traceparent: String?
}
