import FacteurCore
import FacteurLogging
import Foundation

extension ArgoWorkflowGateway {
    /// What one watch stream ended with.
    private enum WatchOutcome {
        /// The Workflow reached a final phase.
        case finished(WorkflowResource)
        /// The server ended the stream cleanly; `sawEvents` tells whether it carried any.
        case ended(sawEvents: Bool)
        /// The resourceVersion is too old (410 `Expired`): read the object again.
        case expired
        /// The stream could not be opened or broke.
        case failed(KubernetesError, sawEvents: Bool)
        /// The Workflow was deleted before it finished.
        case deleted
    }

    /// Reads the Workflow, then watches it from that resourceVersion until its phase is final:
    /// a dropped stream resumes where it stopped, a 410 re-reads and re-watches, and a watch
    /// that keeps failing gives way to polling.
    public func waitUntilFinished(
        name: String,
        namespace: String
    ) async throws(WorkflowGatewayError) -> WorkflowState {
        var resource = try await fetchWorkflow(name: name, namespace: namespace)
        var failures = 0

        while !resource.isFinished {
            guard failures < watchPolicy.maximumWatchFailures else {
                logger.warning("watching a Workflow keeps failing; polling instead", metadata: [
                    "facteur.workflow.name": .string(name),
                    "k8s.namespace.name": .string(namespace),
                ])
                return try await poll(name: name, namespace: namespace)
            }

            var resourceVersion = resource.resourceVersion ?? ""
            switch await watchOnce(name: name, namespace: namespace, from: &resourceVersion) {
            case .finished(let final):
                resource = final
            case .ended(let sawEvents):
                resource.metadata?.resourceVersion = resourceVersion
                if sawEvents {
                    failures = 0
                } else {
                    // A quiet watch reached its timeout; a server that ends every watch at once
                    // must not turn this loop into a busy one.
                    try await sleep(for: watchPolicy.reconnectDelay)
                }
            case .expired:
                // Counted, so a server answering nothing but 410 ends up polled instead.
                failures += 1
                resource = try await fetchWorkflow(name: name, namespace: namespace)
            case .failed(let error, let sawEvents):
                guard error.code != .cancelled else { throw .cancelled }
                failures = sawEvents ? 1 : failures + 1
                resource.metadata?.resourceVersion = resourceVersion
                logger.debug("Workflow watch failed; resuming", metadata: [
                    "facteur.workflow.name": .string(name),
                    "error.type": .string(error.reason ?? error.code.description),
                    "k8s.resource_version": .string(resourceVersion),
                ])
                try await sleep(for: watchPolicy.reconnectDelay * (1 << min(failures - 1, 5)))
            case .deleted:
                throw WorkflowGatewayError(
                    code: .rejected,
                    message: "Workflow \(name) in namespace \(namespace) was deleted before it finished",
                    httpStatus: 404,
                    reason: "NotFound"
                )
            }
        }
        return resource.state(name: name, namespace: namespace)
    }

    /// Opens one watch from `resourceVersion` and reads it until the Workflow finishes or the
    /// stream ends; `resourceVersion` follows every event so a retry resumes after the last.
    private func watchOnce(name: String, namespace: String, from resourceVersion: inout String) async -> WatchOutcome {
        let timeoutSeconds = max(Int(watchPolicy.watchTimeout.components.seconds), 1)
        let request = KubernetesRequest(
            path: Self.collectionPath("workflows", namespace: namespace),
            query: [
                "watch": "1",
                "fieldSelector": "metadata.name=\(name)",
                "resourceVersion": resourceVersion,
                "timeoutSeconds": String(timeoutSeconds),
                "allowWatchBookmarks": "true",
            ]
        )
        var sawEvents = false
        do throws(KubernetesError) {
            let stream = try await client.watch(
                request,
                as: WorkflowResource.self,
                timeout: .seconds(timeoutSeconds + 30)
            )
            for try await event in stream {
                sawEvents = true
                switch event.type {
                case .added, .modified, .bookmark:
                    guard let object = event.object else { continue }
                    if let version = object.resourceVersion, !version.isEmpty {
                        resourceVersion = version
                    }
                    if event.type != .bookmark && object.isFinished {
                        return .finished(object)
                    }
                case .deleted:
                    return .deleted
                case .error:
                    if event.status?.code == 410 {
                        return .expired
                    }
                    let status = event.status
                    return .failed(
                        KubernetesError(
                            code: .unavailable,
                            message: status?.message ?? "the watch reported an error",
                            method: "GET",
                            path: request.path,
                            httpStatus: status?.code,
                            reason: status?.reason,
                            status: status
                        ),
                        sawEvents: false
                    )
                }
            }
            return .ended(sawEvents: sawEvents)
        } catch {
            if error.httpStatus == 410 {
                return .expired
            }
            return .failed(error, sawEvents: sawEvents)
        }
    }

    /// Reads the Workflow every `pollInterval` until it finishes; an unavailable API is waited
    /// out, since a run may last far longer than any outage.
    private func poll(name: String, namespace: String) async throws(WorkflowGatewayError) -> WorkflowState {
        while true {
            try await sleep(for: watchPolicy.pollInterval)
            do throws(WorkflowGatewayError) {
                let resource = try await fetchWorkflow(name: name, namespace: namespace)
                if resource.isFinished {
                    return resource.state(name: name, namespace: namespace)
                }
            } catch where error.code == .unavailable {
                logger.debug("polling a Workflow failed; trying again", metadata: [
                    "facteur.workflow.name": .string(name),
                    "error.type": .string(error.reason ?? error.code.description),
                ])
            }
        }
    }

    private func sleep(for duration: Duration) async throws(WorkflowGatewayError) {
        do {
            try await client.clock.sleep(for: duration)
        } catch {
            throw .cancelled
        }
    }
}
