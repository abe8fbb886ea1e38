import FacteurHTTPClient
import FacteurKubernetes
import FacteurTestSupport
import Foundation
import Testing

@Suite("Credentials resolution order")
struct KubernetesCredentialsResolverTests {
    /// A temporary layout with a kubeconfig for each source, a service account and a home.
    struct Layout {
        let directory: TemporaryDirectory
        let facteurKubeconfig: String
        let kubeconfig: String
        let homeKubeconfig: String
        let serviceAccount: String

        init() throws {
            directory = try TemporaryDirectory()
            func config(_ server: String) -> String {
                KubeconfigText.make(cluster: ["server: \(server)"], user: ["token: t"])
            }
            facteurKubeconfig = try directory.write(config("http://facteur.example"), to: "facteur/config")
            kubeconfig = try directory.write(config("http://kubeconfig.example"), to: "kube/config")
            homeKubeconfig = try directory.write(config("http://home.example"), to: "home/.kube/config")
            try directory.write("sa-token\n", to: "sa/token")
            try directory.write("CA", to: "sa/ca.crt")
            try directory.write("facteur-ns\n", to: "sa/namespace")
            serviceAccount = directory.path + "/sa"
        }

        func resolver(_ environment: [String: String]) -> KubernetesCredentialsResolver {
            var environment = environment
            environment["HOME"] = directory.path + "/home"
            return KubernetesCredentialsResolver(environment: environment, serviceAccountDirectory: serviceAccount)
        }

        static let inCluster = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
    }

    @Test("FACTEUR_KUBECONFIG wins over KUBECONFIG, in-cluster and ~/.kube/config")
    func facteurFirst() throws {
        let layout = try Layout()
        defer { layout.directory.remove() }
        var environment = Layout.inCluster
        environment["FACTEUR_KUBECONFIG"] = layout.facteurKubeconfig
        environment["KUBECONFIG"] = layout.kubeconfig

        #expect(try layout.resolver(environment).resolve().server == "http://facteur.example")
    }

    @Test("KUBECONFIG comes next; the first existing file of its list is used")
    func kubeconfigList() throws {
        let layout = try Layout()
        defer { layout.directory.remove() }
        var environment = Layout.inCluster
        let list = [layout.directory.path + "/missing", layout.kubeconfig, layout.homeKubeconfig]
        environment["KUBECONFIG"] = list.joined(separator: ":")

        #expect(try layout.resolver(environment).resolve().server == "http://kubeconfig.example")
    }

    @Test("In-cluster comes before ~/.kube/config, with the mounted token file, CA and namespace")
    func inCluster() throws {
        let layout = try Layout()
        defer { layout.directory.remove() }

        let credentials = try layout.resolver(Layout.inCluster).resolve()

        #expect(credentials.server == "https://10.0.0.1:443")
        #expect(credentials.token == .file(path: layout.serviceAccount + "/token"))
        #expect(credentials.tls.trustRoots == .file(path: layout.serviceAccount + "/ca.crt"))
        #expect(credentials.namespace == "facteur-ns")
    }

    @Test("An IPv6 service host is bracketed in the URL")
    func inClusterIPv6() throws {
        let layout = try Layout()
        defer { layout.directory.remove() }
        let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"]

        #expect(try layout.resolver(environment).resolve().server == "https://[fd00::1]:6443")
    }

    @Test("~/.kube/config is the last resort, and HOME can be injected")
    func home() throws {
        let layout = try Layout()
        defer { layout.directory.remove() }

        #expect(try layout.resolver([:]).resolve().server == "http://home.example")
        let injected = KubernetesCredentialsResolver(
            environment: ["HOME": "/nonexistent"],
            homeDirectory: layout.directory.path + "/home",
            serviceAccountDirectory: layout.serviceAccount
        )
        #expect(try injected.resolve().server == "http://home.example")
    }

    @Test("In-cluster variables without a mounted token fall through to ~/.kube/config")
    func inClusterWithoutToken() throws {
        let layout = try Layout()
        defer { layout.directory.remove() }
        try FileManager.default.removeItem(atPath: layout.serviceAccount + "/token")

        #expect(try layout.resolver(Layout.inCluster).resolve().server == "http://home.example")
    }

    @Test("A named kubeconfig that is missing is an error, never a fall-through")
    func explicitMissing() throws {
        let layout = try Layout()
        defer { layout.directory.remove() }

        let error = try #require(throws: KubernetesCredentialsError.self) {
            try layout.resolver(["FACTEUR_KUBECONFIG": "/nonexistent/config"]).resolve()
        }
        #expect(error.code == .unreadable)
        #expect(error.message == "kubeconfig /nonexistent/config: does not exist")

        let listError = try #require(throws: KubernetesCredentialsError.self) {
            try layout.resolver(["KUBECONFIG": "/a:/b"]).resolve()
        }
        #expect(listError.code == .notFound)
    }

    @Test("With no source at all the error says where credentials were looked for")
    func nothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let resolver = KubernetesCredentialsResolver(
            environment: [:],
            homeDirectory: directory.path,
            serviceAccountDirectory: directory.path + "/sa"
        )

        let error = try #require(throws: KubernetesCredentialsError.self) { try resolver.resolve() }

        #expect(error.code == .notFound)
        #expect(error.message.contains("FACTEUR_KUBECONFIG"))
    }
}
