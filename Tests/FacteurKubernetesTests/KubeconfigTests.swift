import FacteurHTTPClient
import FacteurKubernetes
import FacteurTestSupport
import Foundation
import Testing

@Suite("Kubeconfig files")
struct KubeconfigTests {
    @Test("A token user on an http:// server gives the server, the token and the context's namespace")
    func tokenUser() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(KubeconfigText.make(
            cluster: ["server: http://127.0.0.1:8001/"],
            user: ["token: abc"],
            namespace: "argo"
        ), to: "config")

        let credentials = try Kubeconfig.credentials(fromFile: path)

        #expect(credentials.server == "http://127.0.0.1:8001")
        #expect(credentials.token == .literal("abc"))
        #expect(credentials.namespace == "argo")
        #expect(credentials.tls == HTTPClientTLSConfiguration())
        #expect(credentials.source == "kubeconfig \(path) (context test)")
        #expect(!"\(credentials)".contains("abc"), "the description must not show the token")
    }

    @Test("Relative file paths are resolved against the kubeconfig's directory")
    func relativePaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in ["pki/ca.crt", "pki/client.crt", "pki/client.key", "token"] {
            try directory.write("x", to: name)
        }
        let path = try directory.write(KubeconfigText.make(
            cluster: ["server: https://kube.example:6443", "certificate-authority: pki/ca.crt"],
            user: ["client-certificate: pki/client.crt", "client-key: pki/client.key", "tokenFile: token"]
        ), to: "nested/../config")

        let credentials = try Kubeconfig.credentials(fromFile: path)

        let base = URL(fileURLWithPath: directory.path).standardizedFileURL.path
        #expect(credentials.tls.trustRoots == .file(path: base + "/pki/ca.crt"))
        #expect(credentials.tls.certificate == .file(path: base + "/pki/client.crt"))
        #expect(credentials.tls.privateKey == .file(path: base + "/pki/client.key"))
        #expect(credentials.token == .file(path: base + "/token"))
    }

    @Test("-data fields are decoded from base64 and win over file paths")
    func dataFields() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func encoded(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let path = try directory.write(KubeconfigText.make(
            cluster: [
                "server: https://kube.example",
                "certificate-authority-data: \(encoded("CA PEM"))",
                "certificate-authority: /does/not/matter",
            ],
            user: [
                "client-certificate-data: \(encoded("CERT PEM"))",
                "client-key-data: \(encoded("KEY PEM"))",
            ]
        ), to: "config")

        let tls = try Kubeconfig.credentials(fromFile: path).tls

        #expect(tls.trustRoots == .bytes(Data("CA PEM".utf8)))
        #expect(tls.certificate == .bytes(Data("CERT PEM".utf8)))
        #expect(tls.privateKey == .bytes(Data("KEY PEM".utf8)))
    }

    @Test("insecure-skip-tls-verify turns verification off and leaves the CA unused")
    func insecure() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(KubeconfigText.make(
            cluster: ["server: https://kube.example", "insecure-skip-tls-verify: true"],
            user: ["token: t"]
        ), to: "config")

        let tls = try Kubeconfig.credentials(fromFile: path).tls

        #expect(tls.insecureSkipVerify)
        #expect(tls.trustRoots == nil)
    }

    @Test("An explicit context wins over current-context")
    func explicitContext() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("""
            current-context: one
            contexts:
            - name: one
              context: {cluster: a, user: u}
            - name: two
              context: {cluster: b, user: u, namespace: other}
            clusters:
            - name: a
              cluster: {server: "http://a.example"}
            - name: b
              cluster: {server: "http://b.example"}
            users:
            - name: u
              user: {token: t}
            """, to: "config")

        #expect(try Kubeconfig.credentials(fromFile: path).server == "http://a.example")
        let two = try Kubeconfig.credentials(fromFile: path, context: "two")
        #expect(two.server == "http://b.example")
        #expect(two.namespace == "other")
    }

    struct BrokenCase: Sendable, CustomTestStringConvertible {
        var cluster: [String]
        var user: [String]
        var message: String
        var testDescription: String { message }
    }

    @Test("Broken kubeconfigs are errors naming the file and the key", arguments: [
        BrokenCase(
            cluster: ["server: https://kube.example"],
            user: ["client-certificate-data: Zm9v", "client-key-data: '%%% not base64'"],
            message: "users[0].user.client-key-data is not valid base64"
        ),
        BrokenCase(
            cluster: ["server: https://kube.example", "certificate-authority-data: '@@'"],
            user: ["token: t"],
            message: "clusters[0].cluster.certificate-authority-data is not valid base64"
        ),
        BrokenCase(
            cluster: ["server: kube.example:6443"],
            user: ["token: t"],
            message: "clusters[0].cluster.server must be an http:// or https:// URL, not \"kube.example:6443\""
        ),
        BrokenCase(
            cluster: ["insecure-skip-tls-verify: true"],
            user: ["token: t"],
            message: "clusters[0].cluster.server is not set"
        ),
        BrokenCase(
            cluster: ["server: https://kube.example", "insecure-skip-tls-verify: maybe"],
            user: ["token: t"],
            message: "clusters[0].cluster.insecure-skip-tls-verify must be true or false, not \"maybe\""
        ),
        BrokenCase(
            cluster: ["server: https://kube.example"],
            user: ["client-certificate-data: Zm9v"],
            message: "users[0].user.client-key is not set, but a client certificate is"
        ),
        BrokenCase(
            cluster: ["server: https://kube.example"],
            user: ["exec: {command: aws}"],
            message: "users[0].user.exec is not supported; use a token or a client certificate"
        ),
    ])
    func broken(_ broken: BrokenCase) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(KubeconfigText.make(cluster: broken.cluster, user: broken.user), to: "config")

        let error = try #require(throws: KubernetesCredentialsError.self) {
            try Kubeconfig.credentials(fromFile: path)
        }

        #expect(error.code == .invalid)
        #expect(error.message == "kubeconfig \(path): \(broken.message)")
        #expect(error.path == path)
    }

    @Test("A missing file named by the kubeconfig is reported with its resolved path")
    func missingReferencedFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(KubeconfigText.make(
            cluster: ["server: https://kube.example", "certificate-authority: ca.crt"],
            user: ["token: t"]
        ), to: "config")

        let error = try #require(throws: KubernetesCredentialsError.self) {
            try Kubeconfig.credentials(fromFile: path)
        }

        #expect(error.key == "clusters[0].cluster.certificate-authority")
        #expect(error.message.hasSuffix("ca.crt, which cannot be read"))
    }

    @Test("Unknown contexts, missing current-context and unreadable files are named")
    func missingPieces() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(KubeconfigText.make(cluster: ["server: http://x"], user: ["token: t"]), to: "c")
        let empty = try directory.write("apiVersion: v1\n", to: "empty")

        let unknown = try #require(throws: KubernetesCredentialsError.self) {
            try Kubeconfig.credentials(fromFile: path, context: "nope")
        }
        #expect(unknown.message == "kubeconfig \(path): contexts has no entry named \"nope\"")

        let noContext = try #require(throws: KubernetesCredentialsError.self) {
            try Kubeconfig.credentials(fromFile: empty)
        }
        #expect(noContext.message == "kubeconfig \(empty): current-context is not set and no context was named")

        let missing = try #require(throws: KubernetesCredentialsError.self) {
            try Kubeconfig.credentials(fromFile: directory.path + "/absent")
        }
        #expect(missing.code == .unreadable)
        #expect(missing.message == "kubeconfig \(directory.path)/absent: does not exist")
    }
}
