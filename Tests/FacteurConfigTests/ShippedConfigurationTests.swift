import FacteurConfig
import Foundation
import Testing

@Suite("The configuration files shipped in config/")
struct ShippedConfigurationTests {
    private func path(_ name: String) -> String {
        ConfigurationFixtures.packageDirectory.appendingPathComponent("config/\(name)").path
    }

    @Test("config/local.yaml validates and runs without Redis or Kubernetes")
    func localConfiguration() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(path: path("local.yaml"))

        #expect(configuration.redis.url.isInMemory)
        #expect(configuration.argo.mode == .dryRun)
        #expect(configuration.server.listenAddress == ListenAddress(host: nil, port: 8080))
        #expect(configuration.argo.namespace == "argo-workflows")
        #expect(configuration.argo.workflowTemplate == "facteur-dispatch")
    }

    @Test("config/example.yaml validates and documents the real defaults")
    func exampleConfiguration() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(path: path("example.yaml"))

        let expected = Configuration(
            discord: DiscordConfiguration(botToken: "replace-me", applicationID: "123456789012345678"),
            redis: RedisConfiguration(url: RedisURL(scheme: .redis, host: "redis")),
            argo: ArgoConfiguration(namespace: "argo-workflows", workflowTemplate: "facteur-dispatch")
        )
        #expect(configuration == expected)
    }

    @Test("config/example.yaml names every key and its environment variable")
    func exampleMentionsEveryKey() throws {
        let text = try String(contentsOfFile: path("example.yaml"), encoding: .utf8)
        for key in ConfigurationKey.all {
            #expect(text.contains(key.environmentVariable), "\(key.environmentVariable) is not documented")
        }
    }
}
