import FacteurCore
import FacteurKubernetes
import FacteurTestSupport
import Foundation
import Testing

@Suite("Argo gateway: following a Workflow to its end")
struct ArgoWorkflowGatewayWatchTests {
    func gateway(
        for server: KubeAPIServer,
        clock: any KubernetesClock = ManualClock(),
        policy: ArgoWatchPolicy = ArgoWatchPolicy()
    ) throws -> ArgoWorkflowGateway {
        let credentials = KubernetesCredentials(server: server.baseURL, source: "test")
        let client = try KubernetesClient(credentials: credentials, retryPolicy: Fixtures.exactRetries, clock: clock)
        return ArgoWorkflowGateway(client: client, watchPolicy: policy)
    }

    /// Submits a draft and starts following it in a child task.
    func startFollowing(
        _ gateway: ArgoWorkflowGateway
    ) async throws -> (name: String, task: Task<WorkflowState, any Error>) {
        let submission = try await gateway.submit(Fixtures.draft())
        let name = submission.name
        let task = Task {
            try await gateway.waitUntilFinished(name: name, namespace: Fixtures.namespace)
        }
        return (name, task)
    }

    /// Waits until `count` watch requests have reached the server.
    func waitForWatches(_ server: KubeAPIServer, count: Int) async throws {
        let opened = try await eventually(within: .seconds(25)) {
            try await watchRequests(server).count >= count
        }
        try #require(opened, "expected \(count) watch requests")
    }

    func watchRequests(_ server: KubeAPIServer) async throws -> [[String: String]] {
        try await server.requests(containing: "/workflows")
            .filter { ($0["query"] as? [String: String])?["watch"] != nil }
            .compactMap { $0["query"] as? [String: String] }
    }

    /// The result of `task`, failing the test instead of hanging past 20 s.
    func finished(_ task: Task<WorkflowState, any Error>) async throws -> WorkflowState {
        let timeout = Task {
            try await Task.sleep(for: .seconds(20))
            task.cancel()
        }
        defer { timeout.cancel() }
        return try await task.value
    }

    @Test("A watch sees Running then Succeeded and returns the final state with its times")
    func runningThenSucceeded() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            let (name, task) = try await startFollowing(gateway)
            try await waitForWatches(server, count: 1)

            try await server.setPhase("Running", name: name, namespace: Fixtures.namespace, extra: [
                "startedAt": "2026-12-03T14:05:10Z",
            ])
            try await server.setPhase("Succeeded", name: name, namespace: Fixtures.namespace, extra: [
                "finishedAt": "2026-12-03T14:06:33Z",
            ])
            let state = try await finished(task)

            #expect(state.phase == .succeeded)
            #expect(state.name == name)
            #expect(state.startedAt == Date(timeIntervalSince1970: 1_796_306_710))
            #expect(state.duration == .seconds(83))
            #expect(state.labels["app.kubernetes.io/managed-by"] == "facteur")
            let watch = try #require(try await watchRequests(server).first)
            #expect(watch["fieldSelector"] == "metadata.name=\(name)")
            #expect(watch["resourceVersion"]?.isEmpty == false)
            await gateway.client.shutdown()
        }
    }

    @Test("A watch cut mid-stream resumes from the last resourceVersion and sees the end")
    func cutWatchResumes() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            try await server.addFault(["query": "watch=", "action": ["cut_watch_after_events": 1]])
            let (name, task) = try await startFollowing(gateway)
            try await waitForWatches(server, count: 1)

            try await server.setPhase("Running", name: name, namespace: Fixtures.namespace)
            try await waitForWatches(server, count: 2)
            try await server.setPhase("Failed", name: name, namespace: Fixtures.namespace, extra: ["message": "boom"])
            let state = try await finished(task)

            #expect(state.phase == .failed)
            #expect(state.message == "boom")
            let watches = try await watchRequests(server)
            let running = try #require(try await server.workflows().first?["metadata"] as? [String: Any])
            let firstVersion = try #require(Int(watches[0]["resourceVersion"] ?? ""))
            let resumedVersion = try #require(Int(watches[1]["resourceVersion"] ?? ""))
            #expect(resumedVersion == firstVersion + 1, "resumed after the Running event")
            #expect(running["name"] as? String == name)
            await gateway.client.shutdown()
        }
    }

    @Test("A 410 Expired during the watch re-reads the Workflow and watches again")
    func expiredRecovers() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            // The delay holds the first watch at the server while the history is compacted, so
            // it starts from a resourceVersion that is already too old.
            try await server.addFault(["query": "watch=", "action": ["delay_ms": 1500]])
            let (name, task) = try await startFollowing(gateway)
            try await waitForWatches(server, count: 1)
            try await server.setPhase("Running", name: name, namespace: Fixtures.namespace)
            try await server.controlRequest(.post, "/_test/compact")

            try await waitForWatches(server, count: 2)
            try await server.setPhase("Succeeded", name: name, namespace: Fixtures.namespace)
            let state = try await finished(task)

            #expect(state.phase == .succeeded)
            let reads = try await server.requests(containing: "/workflows/\(name)")
                .filter { $0["method"] as? String == "GET" }
            #expect(reads.count == 2, "one read before the first watch, one after 410")
            await gateway.client.shutdown()
        }
    }

    @Test("A 410 answered when opening the watch is recovered the same way")
    func expiredOnOpen() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            try await server.addFault(["query": "watch=", "action": ["status": 410, "reason": "Expired"]])
            let (name, task) = try await startFollowing(gateway)
            try await waitForWatches(server, count: 2)

            try await server.setPhase("Error", name: name, namespace: Fixtures.namespace)
            let state = try await finished(task)

            #expect(state.phase == .error)
            await gateway.client.shutdown()
        }
    }

    @Test("When watching keeps failing the gateway polls until the Workflow finishes")
    func pollingFallback() async throws {
        try await withKubeAPIServer { server in
            let policy = ArgoWatchPolicy(
                maximumWatchFailures: 3,
                pollInterval: .milliseconds(50),
                reconnectDelay: .milliseconds(10)
            )
            let gateway = try gateway(for: server, clock: SystemKubernetesClock(), policy: policy)
            try await server.addFault(["query": "watch=", "times": 0, "action": ["status": 500]])
            let (name, task) = try await startFollowing(gateway)
            try await waitForWatches(server, count: 3)

            try await server.setPhase("Succeeded", name: name, namespace: Fixtures.namespace)
            let state = try await finished(task)

            #expect(state.phase == .succeeded)
            #expect(try await watchRequests(server).count == 3, "no watch after falling back to polling")
            await gateway.client.shutdown()
        }
    }

    @Test("A Workflow that has already finished is answered from one read, without a watch")
    func alreadyFinished() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            let submission = try await gateway.submit(Fixtures.draft())
            try await server.setPhase("Succeeded", name: submission.name, namespace: Fixtures.namespace)

            let state = try await gateway.waitUntilFinished(name: submission.name, namespace: Fixtures.namespace)

            #expect(state.phase == .succeeded)
            #expect(try await watchRequests(server).isEmpty)
            await gateway.client.shutdown()
        }
    }

    @Test("A Workflow deleted before it finishes ends the wait with a rejection")
    func deleted() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            let (name, task) = try await startFollowing(gateway)
            try await waitForWatches(server, count: 1)

            try await server.controlRequest(.delete, "/_test/workflows/\(Fixtures.namespace)/\(name)")

            let error = try await #require(throws: WorkflowGatewayError.self) { try await finished(task) }
            #expect(error.code == .rejected)
            #expect(error.reason == "NotFound")
            await gateway.client.shutdown()
        }
    }

    @Test("Waiting for a Workflow that does not exist is a 404 rejection")
    func missing() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)

            let error = try await #require(throws: WorkflowGatewayError.self) {
                try await gateway.waitUntilFinished(name: "nope", namespace: Fixtures.namespace)
            }

            #expect(error.code == .rejected)
            #expect(error.httpStatus == 404)
            await gateway.client.shutdown()
        }
    }
}
