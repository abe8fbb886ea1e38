import FacteurHTTPClient
import FacteurYAML
import Foundation

/// Reads the parts of a kubeconfig file facteur uses: one context, its cluster and its user,
/// with relative file paths resolved against the file's directory as kubectl does.
public struct Kubeconfig: Sendable {
    /// The file the configuration came from, as given.
    public let path: String

    private let directory: String
    private let root: YAMLMapping

    /// Reads and parses the file; fails naming the file when it is unreadable or not a mapping.
    public init(contentsOf path: String) throws(KubernetesCredentialsError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let problem = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw KubernetesCredentialsError(code: .unreadable, message: "kubeconfig \(path): \(problem)", path: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KubernetesCredentialsError(code: .invalid, message: "kubeconfig \(path): is not UTF-8", path: path)
        }

        let document: YAMLNode?
        do {
            document = try YAMLParser().parse(text)
        } catch {
            throw KubernetesCredentialsError(code: .invalid, message: "kubeconfig \(path): \(error)", path: path)
        }
        guard let root = document?.mapping else {
            throw KubernetesCredentialsError(
                code: .invalid,
                message: "kubeconfig \(path): the document is not a mapping",
                path: path
            )
        }
        self.path = path
        self.directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        self.root = root
    }

    /// The credentials of `context`, or of `current-context` when none is named.
    public func credentials(context explicitContext: String? = nil) throws(KubernetesCredentialsError)
        -> KubernetesCredentials
    {
        let contextName: String
        if let explicitContext, !explicitContext.isEmpty {
            contextName = explicitContext
        } else if let current = try string(root["current-context"], key: "current-context"), !current.isEmpty {
            contextName = current
        } else {
            throw invalid("current-context", "is not set and no context was named")
        }

        let context = try entry(in: "contexts", named: contextName, body: "context")
        guard let clusterName = try string(context.body["cluster"], key: context.key + ".cluster"),
            !clusterName.isEmpty
        else {
            throw invalid(context.key + ".cluster", "is not set")
        }
        let userName = try string(context.body["user"], key: context.key + ".user") ?? ""
        let namespace = try string(context.body["namespace"], key: context.key + ".namespace")

        let cluster = try entry(in: "clusters", named: clusterName, body: "cluster")
        let server = try serverURL(cluster)
        var tls = try clusterTLS(cluster)
        var token = KubernetesCredentials.TokenSource.none
        if !userName.isEmpty {
            let user = try entry(in: "users", named: userName, body: "user")
            token = try userToken(user)
            try addClientCertificate(user, to: &tls)
        }

        return KubernetesCredentials(
            server: server,
            tls: tls,
            token: token,
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 },
            source: "kubeconfig \(path) (context \(contextName))"
        )
    }

    /// The usual way in: read the file and take the credentials of one context.
    public static func credentials(
        fromFile path: String,
        context: String? = nil
    ) throws(KubernetesCredentialsError) -> KubernetesCredentials {
        try Kubeconfig(contentsOf: path).credentials(context: context)
    }

    private func serverURL(_ cluster: NamedEntry) throws(KubernetesCredentialsError) -> String {
        let key = cluster.key + ".server"
        guard let server = try string(cluster.body["server"], key: key), !server.isEmpty else {
            throw invalid(key, "is not set")
        }
        guard let components = URLComponents(string: server),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else {
            throw invalid(key, "must be an http:// or https:// URL, not \"\(server)\"")
        }
        return server
    }

    private func clusterTLS(_ cluster: NamedEntry) throws(KubernetesCredentialsError) -> HTTPClientTLSConfiguration {
        var tls = HTTPClientTLSConfiguration()
        let insecureKey = cluster.key + ".insecure-skip-tls-verify"
        if let insecure = try string(cluster.body["insecure-skip-tls-verify"], key: insecureKey) {
            switch insecure.lowercased() {
            case "true": tls.insecureSkipVerify = true
            case "false": tls.insecureSkipVerify = false
            default: throw invalid(insecureKey, "must be true or false, not \"\(insecure)\"")
            }
        }
        // kubectl refuses a CA together with skipping verification; skipping makes the CA moot,
        // so the CA is simply not loaded.
        guard !tls.insecureSkipVerify else { return tls }

        tls.trustRoots = try pemSource(
            in: cluster,
            dataKey: "certificate-authority-data",
            fileKey: "certificate-authority"
        )
        return tls
    }

    private func userToken(
        _ user: NamedEntry
    ) throws(KubernetesCredentialsError) -> KubernetesCredentials.TokenSource {
        for unsupported in ["exec", "auth-provider", "username", "password"] where user.body[unsupported] != nil {
            throw invalid(user.key + "." + unsupported, "is not supported; use a token or a client certificate")
        }
        if let token = try string(user.body["token"], key: user.key + ".token"), !token.isEmpty {
            return .literal(token)
        }
        if let tokenFile = try string(user.body["tokenFile"], key: user.key + ".tokenFile"), !tokenFile.isEmpty {
            return .file(path: try existingFile(tokenFile, key: user.key + ".tokenFile"))
        }
        return .none
    }

    private func addClientCertificate(
        _ user: NamedEntry,
        to tls: inout HTTPClientTLSConfiguration
    ) throws(KubernetesCredentialsError) {
        let certificate = try pemSource(in: user, dataKey: "client-certificate-data", fileKey: "client-certificate")
        let key = try pemSource(in: user, dataKey: "client-key-data", fileKey: "client-key")
        switch (certificate, key) {
        case (.some, .none):
            throw invalid(user.key + ".client-key", "is not set, but a client certificate is")
        case (.none, .some):
            throw invalid(user.key + ".client-certificate", "is not set, but a client key is")
        default:
            tls.certificate = certificate
            tls.privateKey = key
        }
    }

    /// PEM from `<name>-data` (base64, wins as in kubectl) or from the file `<name>`.
    private func pemSource(
        in entry: NamedEntry,
        dataKey: String,
        fileKey: String
    ) throws(KubernetesCredentialsError) -> HTTPClientTLSConfiguration.PEMSource? {
        let fullDataKey = entry.key + "." + dataKey
        if let encoded = try string(entry.body[dataKey], key: fullDataKey), !encoded.isEmpty {
            let compact = encoded.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact), !data.isEmpty else {
                throw invalid(fullDataKey, "is not valid base64")
            }
            return .bytes(data)
        }
        let fullFileKey = entry.key + "." + fileKey
        if let file = try string(entry.body[fileKey], key: fullFileKey), !file.isEmpty {
            return .file(path: try existingFile(file, key: fullFileKey))
        }
        return nil
    }

    /// A path resolved against the kubeconfig's directory, checked to be readable now so the
    /// error names the key rather than surfacing later as a TLS failure.
    private func existingFile(_ file: String, key: String) throws(KubernetesCredentialsError) -> String {
        let resolved = file.hasPrefix("/") ? file : directory + "/" + file
        guard FileManager.default.isReadableFile(atPath: resolved) else {
            throw invalid(key, "names \(resolved), which cannot be read")
        }
        return resolved
    }

    /// One element of `contexts`, `clusters` or `users`, with its key path for messages.
    private struct NamedEntry {
        var key: String
        var body: YAMLMapping
    }

    private func entry(
        in list: String,
        named name: String,
        body field: String
    ) throws(KubernetesCredentialsError) -> NamedEntry {
        guard let items = root[list]?.sequence?.items else {
            throw invalid(list, "has no entry named \"\(name)\"")
        }
        for (index, item) in items.enumerated() {
            guard let mapping = item.mapping, mapping["name"]?.scalar?.value == name else { continue }
            let key = "\(list)[\(index)].\(field)"
            guard let body = mapping[field]?.mapping else {
                throw invalid(key, "is not a mapping")
            }
            return NamedEntry(key: key, body: body)
        }
        throw invalid(list, "has no entry named \"\(name)\"")
    }

    private func string(_ node: YAMLNode?, key: String) throws(KubernetesCredentialsError) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            throw invalid(key, "must be a string, not \(node.kindDescription)")
        }
        return scalar.isNull ? nil : scalar.value
    }

    private func invalid(_ key: String, _ problem: String) -> KubernetesCredentialsError {
        KubernetesCredentialsError(
            code: .invalid,
            message: "kubeconfig \(path): \(key) \(problem)",
            path: path,
            key: key
        )
    }
}
