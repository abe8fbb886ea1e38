import FacteurCore
import FacteurLogging
import Foundation

/// Argo through the Kubernetes API: creates Workflows exactly once per event (SPEC section 6),
/// looks up WorkflowTemplates, and follows Workflows until they finish.
public struct ArgoWorkflowGateway: WorkflowGateway {
    /// Argo's API group path, `argoproj.io/v1alpha1`.
    static let groupPath = "/apis/" + WorkflowManifest.apiVersion

    /// The client every call goes through.
    public let client: KubernetesClient

    /// How `waitUntilFinished` follows a Workflow.
    public let watchPolicy: ArgoWatchPolicy

    /// The budget of `checkReachable`, shorter than a call's so `/readyz` answers promptly.
    public let reachabilityBudget: Duration

    let logger: Logger

    /// Creates a gateway over a client.
    public init(
        client: KubernetesClient,
        watchPolicy: ArgoWatchPolicy = ArgoWatchPolicy(),
        reachabilityBudget: Duration = .seconds(3),
        logger: Logger = .disabled
    ) {
        self.client = client
        self.watchPolicy = watchPolicy
        self.reachabilityBudget = reachabilityBudget
        self.logger = logger
    }

    /// Creates the Workflow. A 409 is looked up: the same `facteur/identity` means an earlier
    /// delivery, or an earlier attempt of this call whose answer was lost, created it.
    public func submit(_ draft: WorkflowDraft) async throws(WorkflowGatewayError) -> WorkflowSubmission {
        let request = KubernetesRequest(
            method: .post,
            path: Self.collectionPath("workflows", namespace: draft.namespace),
            body: WorkflowManifest(draft).jsonData()
        )
        do throws(KubernetesError) {
            _ = try await client.send(request)
            logger.debug("Workflow created", metadata: [
                "facteur.workflow.name": .string(draft.name),
                "k8s.namespace.name": .string(draft.namespace),
            ])
            return WorkflowSubmission(name: draft.name, namespace: draft.namespace, wasAlreadySubmitted: false)
        } catch where error.httpStatus == 409 {
            return try await resolveConflict(draft, createError: error)
        } catch {
            throw WorkflowGatewayError(error)
        }
    }

    /// Whether the WorkflowTemplate exists; 404 is an answer, not an error.
    public func templateExists(name: String, namespace: String) async throws(WorkflowGatewayError) -> Bool {
        let request = KubernetesRequest(path: Self.objectPath("workflowtemplates", namespace: namespace, name: name))
        do throws(KubernetesError) {
            _ = try await client.send(request)
            return true
        } catch where error.httpStatus == 404 {
            return false
        } catch {
            throw WorkflowGatewayError(error)
        }
    }

    /// Workflows labelled `app.kubernetes.io/managed-by=facteur` whose phase is not final,
    /// read page by page.
    public func unfinishedWorkflows(namespace: String) async throws(WorkflowGatewayError) -> [WorkflowState] {
        var unfinished: [WorkflowState] = []
        var continueToken: String?
        repeat {
            var query = [
                "labelSelector": "\(WorkflowMetadataKey.managedBy)=\(WorkflowMetadataKey.managedByValue)",
                "limit": "250",
            ]
            query["continue"] = continueToken
            let request = KubernetesRequest(path: Self.collectionPath("workflows", namespace: namespace), query: query)
            let page = try await call { () async throws(KubernetesError) in
                try await client.send(request, decoding: WorkflowList.self)
            }
            for item in page.items where !item.isFinished {
                if let name = item.metadata?.name {
                    unfinished.append(item.state(name: name, namespace: namespace))
                }
            }
            continueToken = page.metadata?.continue.flatMap { $0.isEmpty ? nil : $0 }
        } while continueToken != nil
        return unfinished
    }

    /// Asks the API server for its version, within `reachabilityBudget`.
    public func checkReachable() async throws(WorkflowGatewayError) {
        let request = KubernetesRequest(path: "/version")
        _ = try await call { () async throws(KubernetesError) in
            try await client.send(request, budget: reachabilityBudget)
        }
    }

    /// Reads one Workflow.
    func fetchWorkflow(name: String, namespace: String) async throws(WorkflowGatewayError) -> WorkflowResource {
        let request = KubernetesRequest(path: Self.objectPath("workflows", namespace: namespace, name: name))
        return try await call { () async throws(KubernetesError) in
            try await client.send(request, decoding: WorkflowResource.self)
        }
    }

    private func resolveConflict(
        _ draft: WorkflowDraft,
        createError: KubernetesError
    ) async throws(WorkflowGatewayError) -> WorkflowSubmission {
        let existing = try await fetchWorkflow(name: draft.name, namespace: draft.namespace)
        let existingIdentity = existing.metadata?.annotations?[WorkflowMetadataKey.identity]
        guard let identity = draft.identity, existingIdentity == identity else {
            throw WorkflowGatewayError(
                code: .conflict,
                message: "Workflow \(draft.name) already exists in namespace \(draft.namespace) "
                    + "for another event",
                httpStatus: 409,
                reason: createError.reason
            )
        }
        // An earlier attempt of this very call may have been stored before its answer was lost;
        // then this is the first submission, not a redelivery.
        let wasAlreadySubmitted = !createError.mayHaveBeenApplied
        logger.debug("Workflow already exists with the same identity", metadata: [
            "facteur.workflow.name": .string(draft.name),
            "k8s.namespace.name": .string(draft.namespace),
            "facteur.workflow.redelivery": .bool(wasAlreadySubmitted),
        ])
        return WorkflowSubmission(
            name: draft.name,
            namespace: draft.namespace,
            wasAlreadySubmitted: wasAlreadySubmitted
        )
    }

    /// Runs a client call, turning its error into the gateway's.
    func call<Value>(
        _ body: () async throws(KubernetesError) -> Value
    ) async throws(WorkflowGatewayError) -> Value {
        do throws(KubernetesError) {
            return try await body()
        } catch {
            throw WorkflowGatewayError(error)
        }
    }

    static func collectionPath(_ resource: String, namespace: String) -> String {
        "\(groupPath)/namespaces/\(KubernetesRequest.segment(namespace))/\(resource)"
    }

    static func objectPath(_ resource: String, namespace: String, name: String) -> String {
        collectionPath(resource, namespace: namespace) + "/" + KubernetesRequest.segment(name)
    }
}
