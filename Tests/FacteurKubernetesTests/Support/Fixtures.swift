import FacteurCore
import FacteurKubernetes
import FacteurTestSupport
import Foundation

/// Drafts and clients the Kubernetes tests share.
enum Fixtures {
    /// 2026-12-03T14:05:09Z
    static let eventTime = Date(timeIntervalSince1970: 1_796_306_709)

    static let namespace = "facteur"
    static let token = "test-token"

    /// A draft as the pipeline makes it, with a fresh identity unless one is given.
    static func draft(
        key: String = UUID().uuidString,
        command: String = "plan",
        namespace: String = namespace,
        serviceAccountName: String? = "argo-workflow",
        parameters: [String: String] = ["objective": "ship it", "action": "plan", "project": "facteur"]
    ) -> WorkflowDraft {
        WorkflowDraft.make(
            command: command,
            identity: WorkflowIdentity(
                key: key,
                userID: "123456789012345678",
                interactionID: key,
                correlationID: "corr-\(key.prefix(8))",
                traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
                time: eventTime
            ),
            namespace: namespace,
            templateName: "facteur-dispatch",
            serviceAccountName: serviceAccountName,
            parameters: parameters
        )
    }

    /// A retry policy without jitter, so recorded sleeps are exact.
    static let exactRetries = KubernetesRetryPolicy(jitter: 0)

    /// A client for a plain-HTTP stand-in with the given token and a manual clock.
    static func client(
        for server: KubeAPIServer,
        token: String? = Fixtures.token,
        clock: ManualClock = ManualClock(),
        retryPolicy: KubernetesRetryPolicy = exactRetries
    ) throws -> KubernetesClient {
        let credentials = KubernetesCredentials(
            server: server.baseURL,
            token: token.map { .literal($0) } ?? .none,
            source: "test"
        )
        return try KubernetesClient(credentials: credentials, retryPolicy: retryPolicy, clock: clock)
    }
}
