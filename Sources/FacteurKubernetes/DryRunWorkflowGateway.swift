import FacteurCore
import FacteurLogging
import Foundation
import Synchronization

/// `argo.mode: dry-run`: logs the Workflow it would create and answers as if it had, with the
/// same deterministic name, so a cluster-less setup exercises the whole pipeline (SPEC section 2).
public final class DryRunWorkflowGateway: WorkflowGateway {
    private struct Submission {
        var identity: String?
        var submittedAt: Date
    }

    private let logger: Logger
    private let clock: any KubernetesClock
    private let runDuration: Duration
    private let submissions = Mutex<[String: Submission]>([:])

    /// Creates a gateway.
    /// - Parameter runDuration: how long `waitUntilFinished` pretends a run takes.
    public init(
        logger: Logger,
        clock: any KubernetesClock = SystemKubernetesClock(),
        runDuration: Duration = .zero
    ) {
        self.logger = logger
        self.clock = clock
        self.runDuration = runDuration
    }

    /// Logs the rendered Workflow at info and remembers it, so a redelivery is recognised as
    /// the Kubernetes gateway would recognise it from a 409.
    public func submit(_ draft: WorkflowDraft) async throws(WorkflowGatewayError) -> WorkflowSubmission {
        let key = draft.namespace + "/" + draft.name
        let existing = submissions.withLock { submissions in
            let existing = submissions[key]
            if existing == nil {
                submissions[key] = Submission(identity: draft.identity, submittedAt: Date())
            }
            return existing
        }
        if let existing {
            guard existing.identity == draft.identity else {
                throw WorkflowGatewayError(
                    code: .conflict,
                    message: "Workflow \(draft.name) already exists in namespace \(draft.namespace) "
                        + "for another event",
                    httpStatus: 409,
                    reason: "AlreadyExists"
                )
            }
            return WorkflowSubmission(name: draft.name, namespace: draft.namespace, wasAlreadySubmitted: true)
        }

        logger.info("dry run: Workflow not created", metadata: [
            "facteur.workflow.name": .string(draft.name),
            "k8s.namespace.name": .string(draft.namespace),
            "facteur.workflow.manifest": .string(WorkflowManifest(draft).jsonText()),
        ])
        return WorkflowSubmission(name: draft.name, namespace: draft.namespace, wasAlreadySubmitted: false)
    }

    /// Every template exists in a dry run, so `status` reports ready.
    public func templateExists(name: String, namespace: String) async throws(WorkflowGatewayError) -> Bool {
        true
    }

    /// Answers Succeeded after `runDuration`.
    public func waitUntilFinished(
        name: String,
        namespace: String
    ) async throws(WorkflowGatewayError) -> WorkflowState {
        if runDuration > .zero {
            do {
                try await clock.sleep(for: runDuration)
            } catch {
                throw .cancelled
            }
        }
        let submittedAt = submissions.withLock { $0[namespace + "/" + name]?.submittedAt }
        let finishedAt = Date()
        return WorkflowState(
            name: name,
            namespace: namespace,
            phase: .succeeded,
            startedAt: submittedAt ?? finishedAt,
            finishedAt: finishedAt,
            message: "dry run",
            labels: [WorkflowMetadataKey.managedBy: WorkflowMetadataKey.managedByValue]
        )
    }

    /// Nothing ever runs, so nothing is left unfinished across restarts.
    public func unfinishedWorkflows(namespace: String) async throws(WorkflowGatewayError) -> [WorkflowState] {
        []
    }

    /// A dry run needs no cluster (SPEC section 3, `/readyz`).
    public func checkReachable() async throws(WorkflowGatewayError) {}
}
