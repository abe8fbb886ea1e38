import FacteurContracts
import FacteurProtobuf
import FacteurTestSupport
import Foundation
import Testing

/// One `facteur serve` process wired, through environment variables alone, to its own
/// `redis-server` and its own kube-apiserver stand-in (with the WorkflowTemplate seeded), so
/// an end-to-end test owns every process it talks to and can break any of them.
final class EventsEnvironment: Sendable {
    static let namespace = "facteur-e2e"
    static let templateName = "facteur-dispatch"
    static let serviceAccount = "argo-workflow"
    static let token = "e2e-bearer-token"
    /// `argo.parameters`; `action` is here to show that the command's own value wins.
    static let staticParameters = ["environment": "e2e", "action": "overridden"]
    /// The role `implement` requires; `plan`, `review` and `status` stay public.
    static let implementerRole = "222222222222222222"

    let redis: RedisServer
    let kube: KubeAPIServer
    let facteur: FacteurProcess.Running
    let port: Int
    private let directory: TemporaryDirectory

    private init(
        redis: RedisServer,
        kube: KubeAPIServer,
        facteur: FacteurProcess.Running,
        port: Int,
        directory: TemporaryDirectory
    ) {
        self.redis = redis
        self.kube = kube
        self.facteur = facteur
        self.port = port
        self.directory = directory
    }

    /// Starts the three processes, runs `body`, and stops them all, also when `body` throws.
    /// - Parameter extraVariables: added to facteur's environment (the `OTEL_*` variables).
    static func with<Value>(
        extraVariables: [String: String] = [:],
        _ body: (EventsEnvironment) async throws -> Value
    ) async throws -> Value {
        let environment = try await start(extraVariables: extraVariables)
        do {
            let value = try await body(environment)
            await environment.stop()
            return value
        } catch {
            await environment.stop()
            throw error
        }
    }

    private static func start(extraVariables: [String: String]) async throws -> EventsEnvironment {
        let directory = try TemporaryDirectory(prefix: "facteur-e2e")
        let redis: RedisServer
        let kube: KubeAPIServer
        do {
            redis = try await RedisServer.start()
        } catch {
            directory.remove()
            throw error
        }
        do {
            kube = try await KubeAPIServer.start(arguments: ["--token", token])
        } catch {
            await redis.stop()
            directory.remove()
            throw error
        }

        do {
            try await kube.seedTemplate(name: templateName, namespace: namespace)
            let kubeconfig = try directory.write(kube.kubeconfig(token: token), to: "kubeconfig")
            let variables: [String: String] = [
                "FACTEUR_SERVER_LISTEN_ADDRESS": "127.0.0.1:0",
                "FACTEUR_DISCORD_BOT_TOKEN": "e2e-bot-token",
                "FACTEUR_DISCORD_APPLICATION_ID": "123456789012345678",
                // Nothing may leave the machine, should a reply ever be attempted.
                "FACTEUR_DISCORD_API_BASE_URL": "http://127.0.0.1:9/api/v10",
                "FACTEUR_REDIS_URL": redis.url,
                "FACTEUR_KUBECONFIG": kubeconfig,
                "FACTEUR_ARGO_NAMESPACE": namespace,
                "FACTEUR_ARGO_WORKFLOW_TEMPLATE": templateName,
                "FACTEUR_ARGO_SERVICE_ACCOUNT": serviceAccount,
                "FACTEUR_ARGO_PARAMETERS": try jsonText(staticParameters),
                "FACTEUR_ARGO_WATCH": "false",
                "FACTEUR_ROLE_MAP": try jsonText(["implement": [implementerRole]]),
            ]
            let facteur = try FacteurProcess.start(
                ["serve"],
                environment: FacteurProcess.environment(variables.merging(extraVariables) { _, extra in extra })
            )
            let port: Int
            do {
                port = try await facteur.waitForListening()
            } catch {
                _ = try? await facteur.stop()
                throw error
            }
            return EventsEnvironment(redis: redis, kube: kube, facteur: facteur, port: port, directory: directory)
        } catch {
            await kube.stop()
            await redis.stop()
            directory.remove()
            throw error
        }
    }

    /// A map as the JSON object facteur's environment variables take (SPEC section 2).
    private static func jsonText(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// SIGTERM to facteur (SIGKILL after 15 s), then the stand-in and Redis.
    func stop() async {
        _ = try? await facteur.stop()
        await kube.stop()
        await redis.stop()
        directory.remove()
    }

    // MARK: Requests

    /// Posts `event` to `/events` in the given encoding.
    func send(_ event: CommandEvent, as encoding: EventEncoding) async throws -> RawHTTP.Response {
        try await post("/events", body: try encoding.body(of: event), contentType: encoding.contentType)
    }

    /// Posts raw bytes; the exchange runs off the cooperative pool, so many may be in flight.
    func post(
        _ path: String,
        body: [UInt8],
        contentType: String?,
        headers: [String: String] = [:]
    ) async throws -> RawHTTP.Response {
        let port = self.port
        return try await RawHTTP.detached {
            try RawHTTP.post(port: port, path: path, body: body, contentType: contentType, headers: headers)
        }
    }

    func get(_ path: String) async throws -> RawHTTP.Response {
        let port = self.port
        return try await RawHTTP.detached {
            try RawHTTP.get(port: port, path: path, timeout: 15)
        }
    }

    /// The Workflows the stand-in has stored in the test namespace.
    func workflows() async throws -> [[String: Any]] {
        try await kube.workflows().filter {
            ($0["metadata"] as? [String: Any])?["namespace"] as? String == Self.namespace
        }
    }
}

/// The two bodies `/events` accepts (SPEC section 3).
enum EventEncoding: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case binary
    case json

    var contentType: String {
        switch self {
        case .binary: "application/x-protobuf"
        case .json: "application/json"
        }
    }

    func body(of event: CommandEvent) throws -> [UInt8] {
        switch self {
        case .binary: event.serializedBytes()
        case .json: Array(try event.jsonString().utf8)
        }
    }

    var testDescription: String { rawValue }
}
