import FacteurHTTPClient

/// Where the Kubernetes API is and how to prove who facteur is to it, resolved once at start
/// from a kubeconfig or the in-cluster service account (SPEC section 2).
public struct KubernetesCredentials: Sendable, Equatable {
    /// How the bearer token is obtained; a file is re-read because projected service-account
    /// tokens rotate while the process runs.
    public enum TokenSource: Sendable, Equatable {
        case none
        case literal(String)
        case file(path: String)
    }

    /// The API server's base URL, `https://…` or (for tests) `http://…`, without a trailing slash.
    public var server: String

    /// Trust roots, client certificate and key, or `insecure-skip-tls-verify`.
    public var tls: HTTPClientTLSConfiguration

    /// The bearer token sent as `Authorization: Bearer …`.
    public var token: TokenSource

    /// The namespace the context or the service account names, when it names one.
    public var namespace: String?

    /// Where these credentials came from, for logs: `kubeconfig /path (context dev)`,
    /// `in-cluster service account /var/run/…`. Never contains a secret.
    public var source: String

    /// Creates credentials; a trailing slash on `server` is dropped.
    public init(
        server: String,
        tls: HTTPClientTLSConfiguration = HTTPClientTLSConfiguration(),
        token: TokenSource = .none,
        namespace: String? = nil,
        source: String
    ) {
        var server = server
        while server.hasSuffix("/") {
            server.removeLast()
        }
        self.server = server
        self.tls = tls
        self.token = token
        self.namespace = namespace
        self.source = source
    }
}

extension KubernetesCredentials.TokenSource: CustomStringConvertible {
    /// Shows where a token comes from but never the token.
    public var description: String {
        switch self {
        case .none: "none"
        case .literal: "literal(<redacted>)"
        case .file(let path): "file(\(path))"
        }
    }
}

extension KubernetesCredentials: CustomStringConvertible {
    public var description: String {
        "KubernetesCredentials(server: \(server), token: \(token), tls: \(tls), source: \(source))"
    }
}
