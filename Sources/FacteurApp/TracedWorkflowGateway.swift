import FacteurCore
import FacteurKubernetes
import FacteurTelemetry

/// Wraps the Argo gateway in client spans and sends their `traceparent` on the Kubernetes
/// requests, so a trace continues from the Discord event into the API server's audit log.
struct TracedWorkflowGateway: WorkflowGateway {
    let base: any WorkflowGateway
    let tracer: Tracer

    func submit(_ draft: WorkflowDraft) async throws(WorkflowGatewayError) -> WorkflowSubmission {
        try await traced("kubernetes create workflow", ["k8s.namespace.name": .string(draft.namespace)]) {
            () async throws(WorkflowGatewayError) -> WorkflowSubmission in
            try await base.submit(draft)
        }
    }

    func templateExists(name: String, namespace: String) async throws(WorkflowGatewayError) -> Bool {
        try await traced("kubernetes get workflowtemplate", ["k8s.namespace.name": .string(namespace)]) {
            () async throws(WorkflowGatewayError) -> Bool in
            try await base.templateExists(name: name, namespace: namespace)
        }
    }

    func waitUntilFinished(name: String, namespace: String) async throws(WorkflowGatewayError) -> WorkflowState {
        try await base.waitUntilFinished(name: name, namespace: namespace)
    }

    func unfinishedWorkflows(namespace: String) async throws(WorkflowGatewayError) -> [WorkflowState] {
        try await base.unfinishedWorkflows(namespace: namespace)
    }

    func checkReachable() async throws(WorkflowGatewayError) {
        try await base.checkReachable()
    }

    private func traced<Result>(
        _ name: String,
        _ attributes: Attributes,
        _ body: () async throws(WorkflowGatewayError) -> Result
    ) async throws(WorkflowGatewayError) -> Result {
        try await tracer.withSpan(name, kind: .client, attributes: attributes) {
            (span: Span) async throws(WorkflowGatewayError) -> Result in
            let traceparent = TraceContextPropagator.traceparent(for: span.context)
            let outcome = await KubernetesTracing.$traceparent.withValue(traceparent) {
                () async -> Swift.Result<Result, WorkflowGatewayError> in
                do throws(WorkflowGatewayError) {
                    return .success(try await body())
                } catch {
                    return .failure(error)
                }
            }
            return try outcome.get()
        }
    }
}
