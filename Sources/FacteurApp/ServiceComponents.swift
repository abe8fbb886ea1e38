import FacteurConfig
import FacteurCore
import FacteurKubernetes
import FacteurLogging
import FacteurRedis
import FacteurTelemetry

/// The long-lived parts of a facteur process, built once from configuration: the session
/// store, the Argo gateway and the pipeline over them.
struct ServiceComponents: Sendable {
    let store: any KeyValueStore
    let gateway: any WorkflowGateway
    let pipeline: CommandPipeline
    let codexIntake: CodexTaskIntake
    let counters: PipelineCounters
    private let shutdownActions: [@Sendable () async -> Void]

    /// Builds every component and registers its readiness check; a dependency that cannot
    /// even be configured (bad credentials file, `rediss://` without TLS support) fails here.
    static func make(
        configuration: Configuration,
        readiness: Readiness,
        tracer: Tracer,
        logger: Logger
    ) throws(ComponentError) -> ServiceComponents {
        var shutdownActions: [@Sendable () async -> Void] = []

        let plainStore = try makeStore(configuration.redis, logger: logger, shutdownActions: &shutdownActions)
        let store = TracedKeyValueStore(base: plainStore, tracer: tracer)
        if !configuration.redis.url.isInMemory {
            readiness.register(ReadinessCheck(name: "redis") { try await store.ping() })
        }

        let plainGateway = try makeGateway(configuration.argo, logger: logger, shutdownActions: &shutdownActions)
        let gateway = TracedWorkflowGateway(base: plainGateway, tracer: tracer)
        if configuration.argo.mode == .kubernetes {
            readiness.register(ReadinessCheck(name: "kubernetes") { try await gateway.checkReachable() })
        }

        let policy = RolePolicy(roleMap: configuration.roleMap)
        for command in policy.publicCommands {
            logger.warning("command has no role restriction", metadata: ["facteur.command": "\(command)"])
        }

        let settings = PipelineSettings(
            namespace: configuration.argo.namespace,
            templateName: configuration.argo.workflowTemplate,
            serviceAccountName: configuration.argo.serviceAccount,
            staticParameters: configuration.argo.parameters,
            keyPrefix: configuration.redis.keyPrefix,
            sessionTTL: configuration.redis.sessionTTL
        )
        let counters = PipelineCounters()
        let pipeline = CommandPipeline(
            settings: settings,
            policy: policy,
            store: store,
            gateway: gateway,
            counters: counters,
            logger: logger.labelled("facteur.pipeline")
        )
        return ServiceComponents(
            store: store,
            gateway: gateway,
            pipeline: pipeline,
            codexIntake: CodexTaskIntake(keys: settings.sessionKeys, store: store),
            counters: counters,
            shutdownActions: shutdownActions
        )
    }

    /// Closes connections after the last request has been answered.
    func shutdown() async {
        for action in shutdownActions.reversed() {
            await action()
        }
    }

    private static func makeStore(
        _ redis: FacteurConfig.RedisConfiguration,
        logger: Logger,
        shutdownActions: inout [@Sendable () async -> Void]
    ) throws(ComponentError) -> any KeyValueStore {
        guard !redis.url.isInMemory else { return InMemoryKeyValueStore() }

        let url = redis.url
        let configuration = FacteurRedis.RedisConfiguration(
            host: url.host,
            port: Int(url.port),
            username: url.username,
            password: url.password,
            database: url.database,
            useTLS: url.scheme == .rediss,
            poolSize: 16
        )
        do {
            let store = try RedisKeyValueStore(configuration: configuration, logger: logger.labelled("facteur.redis"))
            shutdownActions.append { await store.shutdown() }
            return store
        } catch {
            throw ComponentError(component: "redis.url", message: error.message)
        }
    }

    private static func makeGateway(
        _ argo: ArgoConfiguration,
        logger: Logger,
        shutdownActions: inout [@Sendable () async -> Void]
    ) throws(ComponentError) -> any WorkflowGateway {
        if argo.mode == .dryRun {
            return DryRunWorkflowGateway(logger: logger.labelled("facteur.argo"))
        }
        do {
            let credentials = try KubernetesCredentialsResolver().resolve()
            let client = try KubernetesClient(credentials: credentials, logger: logger.labelled("facteur.kubernetes"))
            shutdownActions.append { await client.shutdown() }
            logger.info("kubernetes credentials resolved", metadata: [
                "facteur.kubernetes.source": "\(credentials.source)",
                "server.address": "\(credentials.server)",
            ])
            return ArgoWorkflowGateway(client: client, logger: logger.labelled("facteur.argo"))
        } catch let error as KubernetesCredentialsError {
            throw ComponentError(component: "kubernetes credentials", message: "\(error)")
        } catch {
            throw ComponentError(component: "kubernetes client", message: "\(error)")
        }
    }
}

/// A component that could not be built from otherwise valid configuration.
struct ComponentError: Error, CustomStringConvertible {
    var component: String
    var message: String

    var description: String { "\(component): \(message)" }
}
