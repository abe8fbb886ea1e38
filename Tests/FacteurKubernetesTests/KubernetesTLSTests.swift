import FacteurCore
import FacteurHTTPClient
import FacteurKubernetes
import FacteurTestSupport
import Foundation
import Testing

@Suite("HTTPS, client certificates and in-cluster tokens")
struct KubernetesTLSTests {
    let certificates: TestCertificates

    init() async throws {
        certificates = try await TestCertificates.shared()
    }

    var controlTLS: HTTPClientTLSConfiguration {
        HTTPClientTLSConfiguration(
            trustRoots: .file(path: certificates.caCertificate),
            certificate: .file(path: certificates.clientCertificate),
            privateKey: .file(path: certificates.clientKey)
        )
    }

    func encoded(_ path: String) throws -> String {
        try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString()
    }

    /// Submits one Workflow through a gateway built from a kubeconfig and returns the request
    /// the server recorded.
    func submitThroughKubeconfig(_ text: String, server: KubeAPIServer) async throws -> [String: Any] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(text, to: "config")
        let credentials = try Kubeconfig.credentials(fromFile: path)
        let client = try KubernetesClient(credentials: credentials, clock: ManualClock())
        let gateway = ArgoWorkflowGateway(client: client)

        _ = try await gateway.submit(Fixtures.draft())

        await client.shutdown()
        return try #require(try await server.requests(containing: "/workflows").last)
    }

    @Test("A kubeconfig with CA, client certificate and key files reaches an HTTPS API requiring them")
    func clientCertificateFiles() async throws {
        let arguments = certificates.serverArguments(requireClientCertificate: true) + ["--token", Fixtures.token]
        try await withKubeAPIServer(arguments: arguments, controlTLS: controlTLS) { server in
            let kubeconfig = KubeconfigText.make(
                cluster: ["server: \(server.baseURL)", "certificate-authority: \(certificates.caCertificate)"],
                user: [
                    "client-certificate: \(certificates.clientCertificate)",
                    "client-key: \(certificates.clientKey)",
                    "token: \(Fixtures.token)",
                ]
            )

            let request = try await submitThroughKubeconfig(kubeconfig, server: server)

            #expect(request["status"] as? Int == 201)
            #expect(request["client_cert_cn"] as? String == TestCertificates.clientCommonName)
        }
    }

    @Test("The same works with the -data forms of the CA, certificate and key")
    func clientCertificateData() async throws {
        let arguments = certificates.serverArguments(requireClientCertificate: true)
        try await withKubeAPIServer(arguments: arguments, controlTLS: controlTLS) { server in
            let kubeconfig = KubeconfigText.make(
                cluster: [
                    "server: \(server.baseURL)",
                    "certificate-authority-data: \(try encoded(certificates.caCertificate))",
                ],
                user: [
                    "client-certificate-data: \(try encoded(certificates.clientCertificate))",
                    "client-key-data: \(try encoded(certificates.clientKey))",
                ]
            )

            let request = try await submitThroughKubeconfig(kubeconfig, server: server)

            #expect(request["status"] as? Int == 201)
            #expect(request["client_cert_cn"] as? String == TestCertificates.clientCommonName)
        }
    }

    @Test("Without the client certificate the handshake is refused and nothing is created")
    func clientCertificateRequired() async throws {
        let arguments = certificates.serverArguments(requireClientCertificate: true)
        try await withKubeAPIServer(arguments: arguments, controlTLS: controlTLS) { server in
            let credentials = KubernetesCredentials(
                server: server.baseURL,
                tls: HTTPClientTLSConfiguration(trustRoots: .file(path: certificates.caCertificate)),
                source: "test"
            )
            let client = try KubernetesClient(credentials: credentials, clock: ManualClock())

            let error = try await #require(throws: KubernetesError.self) {
                try await client.send(KubernetesRequest(path: "/version"))
            }

            #expect(error.httpStatus == nil)
            #expect(error.underlying != nil)
            #expect(try await server.requests().isEmpty)
            await client.shutdown()
        }
    }

    @Test("An untrusted server is refused at once; insecure-skip-tls-verify accepts it")
    func insecureSkipVerify() async throws {
        let arguments = certificates.serverArguments(requireClientCertificate: false)
        try await withKubeAPIServer(arguments: arguments, controlTLS: controlTLS) { server in
            let clock = ManualClock()
            let untrusting = try KubernetesClient(
                credentials: KubernetesCredentials(server: server.baseURL, source: "test"),
                clock: clock
            )
            let error = try await #require(throws: KubernetesError.self) {
                try await untrusting.send(KubernetesRequest(path: "/version"))
            }
            #expect(error.code == .transport)
            #expect(error.underlying?.code == .tlsFailed)
            #expect(clock.sleeps.isEmpty, "a certificate problem is not retried")
            await untrusting.shutdown()

            let kubeconfig = KubeconfigText.make(
                cluster: ["server: \(server.baseURL)", "insecure-skip-tls-verify: true"],
                user: ["token: unused"]
            )
            let request = try await submitThroughKubeconfig(kubeconfig, server: server)
            #expect(request["status"] as? Int == 201)
        }
    }

    @Test("In-cluster, a rotated token file is picked up after a 401 and after the refresh interval")
    func rotatedInClusterToken() async throws {
        let arguments = certificates.serverArguments(requireClientCertificate: false) + ["--token", "first"]
        try await withKubeAPIServer(arguments: arguments, controlTLS: controlTLS) { server in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let tokenPath = try directory.write("first\n", to: "sa/token")
            let caText = try String(contentsOfFile: certificates.caCertificate, encoding: .utf8)
            try directory.write(caText, to: "sa/ca.crt")
            try directory.write("facteur", to: "sa/namespace")
            let resolver = KubernetesCredentialsResolver(
                environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(server.port)"],
                serviceAccountDirectory: directory.path + "/sa"
            )
            let clock = ManualClock()
            let client = try KubernetesClient(
                credentials: try resolver.resolve(),
                clock: clock,
                tokenRefreshInterval: .seconds(5)
            )
            let version = KubernetesRequest(path: "/version")

            _ = try await client.send(version)
            try await server.controlRequest(.post, "/_test/token", json: ["token": "second"])
            try "second\n".write(toFile: tokenPath, atomically: true, encoding: .utf8)
            _ = try await client.send(version)
            try await server.controlRequest(.post, "/_test/token", json: ["token": "third"])
            try "third".write(toFile: tokenPath, atomically: true, encoding: .utf8)
            clock.advance(by: .seconds(6))
            _ = try await client.send(version)

            let requests = try await server.requests(containing: "/version")
            #expect(requests.map { $0["status"] as? Int } == [200, 401, 200, 200])
            let tokens = requests.map { ($0["headers"] as? [String: String])?["authorization"] }
            #expect(tokens == ["Bearer first", "Bearer first", "Bearer second", "Bearer third"])
            #expect(clock.sleeps.isEmpty, "the re-read after a 401 is immediate")
            await client.shutdown()
        }
    }
}
