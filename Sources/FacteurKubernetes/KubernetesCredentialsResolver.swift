import FacteurHTTPClient
import Foundation

/// Finds Kubernetes credentials in SPEC section 2's order: `FACTEUR_KUBECONFIG`, `KUBECONFIG`,
/// the in-cluster service account, then `~/.kube/config`. Every input is injectable so tests
/// can resolve from temporary directories.
public struct KubernetesCredentialsResolver: Sendable {
    /// Where a pod's service-account token, CA and namespace are mounted.
    public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The variables consulted: the two kubeconfig paths, `KUBERNETES_SERVICE_HOST`/`_PORT`
    /// and `HOME`.
    public var environment: [String: String]

    /// Overrides `HOME` for `~/.kube/config`.
    public var homeDirectory: String?

    /// Holds `token`, `ca.crt` and `namespace` when running in a pod.
    public var serviceAccountDirectory: String

    /// A kubeconfig context to use instead of `current-context`.
    public var context: String?

    /// Creates a resolver reading the process's environment unless told otherwise.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String? = nil,
        serviceAccountDirectory: String = Self.defaultServiceAccountDirectory,
        context: String? = nil
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.serviceAccountDirectory = serviceAccountDirectory
        self.context = context
    }

    /// The first source that exists wins; a source that exists but is broken is an error rather
    /// than a reason to fall through, so a typo never silently selects another cluster.
    public func resolve() throws(KubernetesCredentialsError) -> KubernetesCredentials {
        if let path = value("FACTEUR_KUBECONFIG") {
            return try Kubeconfig.credentials(fromFile: path, context: context)
        }

        if let list = value("KUBECONFIG") {
            // kubectl merges every file of the list; the first existing one is enough here.
            let paths = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw KubernetesCredentialsError(
                    code: .notFound,
                    message: "KUBECONFIG names no existing file: \(list)",
                    path: paths.first
                )
            }
            return try Kubeconfig.credentials(fromFile: path, context: context)
        }

        if let credentials = try inClusterCredentials() {
            return credentials
        }

        let home = homeDirectory ?? value("HOME")
        if let home {
            let path = home + "/.kube/config"
            if FileManager.default.fileExists(atPath: path) {
                return try Kubeconfig.credentials(fromFile: path, context: context)
            }
        }

        throw KubernetesCredentialsError(
            code: .notFound,
            message: "no Kubernetes credentials: set FACTEUR_KUBECONFIG or KUBECONFIG, run in a pod with a "
                + "service account, or create \(home ?? "~")/.kube/config"
        )
    }

    /// In-cluster credentials when the service variables are set and the token is mounted
    /// (as client-go's `InClusterConfig` requires); `nil` when not running in a pod.
    func inClusterCredentials() throws(KubernetesCredentialsError) -> KubernetesCredentials? {
        guard let host = value("KUBERNETES_SERVICE_HOST"), let port = value("KUBERNETES_SERVICE_PORT") else {
            return nil
        }
        let directory = serviceAccountDirectory.hasSuffix("/")
            ? String(serviceAccountDirectory.dropLast()) : serviceAccountDirectory
        let tokenPath = directory + "/token"
        guard FileManager.default.fileExists(atPath: tokenPath) else {
            return nil
        }
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubernetesCredentialsError(
                code: .unreadable,
                message: "in-cluster service account: \(tokenPath) cannot be read",
                path: tokenPath
            )
        }

        var tls = HTTPClientTLSConfiguration()
        let caPath = directory + "/ca.crt"
        if FileManager.default.fileExists(atPath: caPath) {
            tls.trustRoots = .file(path: caPath)
        }
        let namespace = FileManager.default.contents(atPath: directory + "/namespace")
            .flatMap { String(data: $0, encoding: .utf8) }?
            .trimmingCharacters(in: .whitespacesAndNewlines)

        // An IPv6 service address needs brackets in a URL (RFC 3986 section 3.2.2).
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return KubernetesCredentials(
            server: "https://\(authority)",
            tls: tls,
            token: .file(path: tokenPath),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 },
            source: "in-cluster service account \(directory)"
        )
    }

    private func value(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        return value
    }
}
