import Foundation

/// How a client authenticates the server and itself; fixed per client because Kubernetes
/// credentials (SPEC §2) belong to one API server.
public struct HTTPClientTLSConfiguration: Sendable, Equatable {
    /// PEM material, from a file or already in memory (a kubeconfig's `*-data` fields).
    public enum PEMSource: Sendable, Equatable {
        case file(path: String)
        case bytes(Data)
    }

    /// The certificate authorities trusted for the server; `nil` uses the system store.
    /// When set, only these are trusted, as kubectl does with `certificate-authority`.
    public var trustRoots: PEMSource?

    /// The client certificate presented to servers that ask for one.
    public var certificate: PEMSource?

    /// The private key of `certificate`.
    public var privateKey: PEMSource?

    /// Skips verification of the server's certificate and name; for kubeconfigs that say
    /// `insecure-skip-tls-verify`, never a default.
    public var insecureSkipVerify: Bool

    /// Creates a configuration; the default verifies servers against the system store.
    public init(
        trustRoots: PEMSource? = nil,
        certificate: PEMSource? = nil,
        privateKey: PEMSource? = nil,
        insecureSkipVerify: Bool = false
    ) {
        self.trustRoots = trustRoots
        self.certificate = certificate
        self.privateKey = privateKey
        self.insecureSkipVerify = insecureSkipVerify
    }
}

extension HTTPClientTLSConfiguration.PEMSource: CustomStringConvertible {
    /// Shows paths but never key or certificate bytes.
    public var description: String {
        switch self {
        case .file(let path): "file(\(path))"
        case .bytes(let data): "bytes(<redacted \(data.count) bytes>)"
        }
    }
}

extension HTTPClientTLSConfiguration: CustomStringConvertible {
    public var description: String {
        let parts = [
            "trustRoots: \(trustRoots.map(\.description) ?? "system")",
            "certificate: \(certificate.map(\.description) ?? "none")",
            "privateKey: \(privateKey.map(\.description) ?? "none")",
            "insecureSkipVerify: \(insecureSkipVerify)",
        ]
        return "HTTPClientTLSConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}
