import FacteurCore
import FacteurKubernetes
import FacteurTestSupport
import Foundation
import Testing

@Suite("Argo gateway: submission, templates and listing")
struct ArgoWorkflowGatewayTests {
    static let workflowsPath = "/apis/argoproj.io/v1alpha1/namespaces/\(Fixtures.namespace)/workflows"

    func gateway(for server: KubeAPIServer, clock: ManualClock = ManualClock()) throws -> ArgoWorkflowGateway {
        ArgoWorkflowGateway(client: try Fixtures.client(for: server, clock: clock))
    }

    @Test("A submit creates one Workflow of the right shape, accepted by the Argo SDK model")
    func create() async throws {
        try await withKubeAPIServer(arguments: ["--token", Fixtures.token]) { server in
            let gateway = try gateway(for: server)
            let draft = Fixtures.draft(parameters: ["project": "facteur", "action": "plan", "objective": "ship"])

            let submission = try await gateway.submit(draft)

            #expect(submission.name == draft.name)
            #expect(submission.namespace == Fixtures.namespace)
            #expect(!submission.wasAlreadySubmitted)
            let workflows = try await server.workflows()
            #expect(workflows.count == 1)
            let workflow = try #require(workflows.first)
            let metadata = try #require(workflow["metadata"] as? [String: Any])
            #expect(metadata["name"] as? String == draft.name)
            let labels = try #require(metadata["labels"] as? [String: String])
            #expect(labels["app.kubernetes.io/managed-by"] == "facteur")
            #expect(labels["facteur/command"] == "plan")
            #expect(labels["facteur/user-id"] == "123456789012345678")
            #expect(labels["facteur/interaction-id"] == draft.identity)
            let annotations = try #require(metadata["annotations"] as? [String: String])
            #expect(annotations["facteur/identity"] == draft.identity)
            #expect(annotations["facteur/correlation-id"] == draft.annotations["facteur/correlation-id"])
            #expect(annotations["facteur/trace-id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
            let spec = try #require(workflow["spec"] as? [String: Any])
            #expect(spec["serviceAccountName"] as? String == "argo-workflow")
            #expect((spec["workflowTemplateRef"] as? [String: String])?["name"] == "facteur-dispatch")
            let parameters = (spec["arguments"] as? [String: Any])?["parameters"] as? [[String: Any]]
            #expect(parameters?.compactMap { $0["name"] as? String } == ["action", "objective", "project"])
            #expect(parameters?.allSatisfy { $0["value"] is String } == true)

            let validations = try await server.validations()
            #expect(validations.count == 1)
            #expect(validations.first?["valid"] as? Bool == true)
            #expect(validations.first?["sdk"] as? Bool == true)
            #expect((validations.first?["causes"] as? [Any])?.isEmpty == true)

            let create = try #require(try await server.requests(containing: "/workflows").first)
            let headers = create["headers"] as? [String: String]
            #expect(headers?["content-type"] == "application/json")
            await gateway.client.shutdown()
        }
    }

    @Test("A redelivery meets 409 and is the same submission; no second Workflow appears")
    func redelivery() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            let draft = Fixtures.draft()

            _ = try await gateway.submit(draft)
            let again = try await gateway.submit(draft)

            #expect(again.wasAlreadySubmitted)
            #expect(again.name == draft.name)
            #expect(try await server.workflows().count == 1)
            let statuses = try await server.requests(containing: "/workflows").map { $0["status"] as? Int }
            #expect(statuses == [201, 409, 200])
            await gateway.client.shutdown()
        }
    }

    @Test("The same name with another identity is a conflict, not a success")
    func conflict() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            let draft = Fixtures.draft()
            var impostor = draft
            impostor.annotations[WorkflowMetadataKey.identity] = "another-event"

            _ = try await gateway.submit(draft)
            let error = try await #require(throws: WorkflowGatewayError.self) { try await gateway.submit(impostor) }

            #expect(error.code == .conflict)
            #expect(error.httpStatus == 409)
            #expect(error.reason == "AlreadyExists")
            await gateway.client.shutdown()
        }
    }

    @Test("A create whose answer is lost after it was stored, retried, leaves exactly one Workflow")
    func lostResponse() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            let draft = Fixtures.draft()
            try await server.addFault(["method": "POST", "path": "/workflows$", "action": ["drop_after_store": true]])

            let submission = try await gateway.submit(draft)

            #expect(submission.name == draft.name)
            #expect(!submission.wasAlreadySubmitted, "the stored object is this call's own create")
            #expect(try await server.workflows().count == 1)
            let requests = try await server.requests(containing: "/workflows")
            #expect(requests.map { $0["method"] as? String } == ["POST", "POST", "GET"])
            #expect(requests.first?["dropped"] as? Bool == true)
            await gateway.client.shutdown()
        }
    }

    @Test("500s on create are retried and the Workflow is created once")
    func serverErrorsOnCreate() async throws {
        try await withKubeAPIServer { server in
            let clock = ManualClock()
            let gateway = try gateway(for: server, clock: clock)
            try await server.addFault(["method": "POST", "path": "/workflows$", "times": 2, "action": ["status": 500]])

            let submission = try await gateway.submit(Fixtures.draft())

            #expect(!submission.wasAlreadySubmitted)
            #expect(clock.sleeps.count == 2)
            #expect(try await server.workflows().count == 1)
            await gateway.client.shutdown()
        }
    }

    @Test("A 422 Invalid is final and carries the API's reason")
    func invalid() async throws {
        try await withKubeAPIServer { server in
            let clock = ManualClock()
            let gateway = try gateway(for: server, clock: clock)
            var draft = Fixtures.draft()
            draft.name = "Not_A_DNS_Label"

            let error = try await #require(throws: WorkflowGatewayError.self) { try await gateway.submit(draft) }

            #expect(error.code == .rejected)
            #expect(error.httpStatus == 422)
            #expect(error.reason == "Invalid")
            #expect(error.message.contains("metadata.name"))
            #expect(clock.sleeps.isEmpty)
            #expect(try await server.workflows().isEmpty)
            await gateway.client.shutdown()
        }
    }

    @Test("A 403 on create is rejected with the server's message")
    func forbiddenCreate() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            try await server.controlRequest(.post, "/_test/forbidden", json: ["namespace": Fixtures.namespace])

            let error = try await #require(throws: WorkflowGatewayError.self) {
                try await gateway.submit(Fixtures.draft())
            }

            #expect(error.code == .rejected)
            #expect(error.httpStatus == 403)
            #expect(error.reason == "Forbidden")
            #expect(error.message.hasPrefix("workflows.argoproj.io is forbidden: User "))
            await gateway.client.shutdown()
        }
    }

    @Test("templateExists answers true for a seeded template and false on 404")
    func templates() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            try await server.seedTemplate(name: "facteur-dispatch", namespace: Fixtures.namespace)

            #expect(try await gateway.templateExists(name: "facteur-dispatch", namespace: Fixtures.namespace))
            #expect(try await gateway.templateExists(name: "missing", namespace: Fixtures.namespace) == false)
            await gateway.client.shutdown()
        }
    }

    @Test("unfinishedWorkflows keeps facteur's Workflows whose phase is not final")
    func unfinished() async throws {
        try await withKubeAPIServer { server in
            let gateway = try gateway(for: server)
            let managed = ["app.kubernetes.io/managed-by": "facteur"]
            let seeds: [(String, [String: String], String?)] = [
                ("running", managed, "Running"),
                ("pending", managed, nil),
                ("done", managed, "Succeeded"),
                ("failed", managed, "Failed"),
                ("foreign", [:], "Running"),
            ]
            for (name, labels, phase) in seeds {
                var object: [String: Any] = [
                    "metadata": ["name": name, "namespace": Fixtures.namespace, "labels": labels],
                    "spec": ["workflowTemplateRef": ["name": "facteur-dispatch"]],
                ]
                if let phase { object["status"] = ["phase": phase] }
                try await server.seedWorkflow(object)
            }

            let unfinished = try await gateway.unfinishedWorkflows(namespace: Fixtures.namespace)

            #expect(unfinished.map(\.name).sorted() == ["pending", "running"])
            #expect(unfinished.first { $0.name == "running" }?.phase == .running)
            let list = try #require(try await server.requests(containing: "/workflows").first)
            let query = list["query"] as? [String: String]
            #expect(query?["labelSelector"] == "app.kubernetes.io/managed-by=facteur")
            await gateway.client.shutdown()
        }
    }

    @Test("checkReachable asks /version and fails as unavailable when nothing answers")
    func reachable() async throws {
        let server = try await KubeAPIServer.start()
        let gateway = try gateway(for: server)
        try await gateway.checkReachable()
        #expect(try await server.requests(containing: "/version").count == 1)
        await server.stop()

        let error = try await #require(throws: WorkflowGatewayError.self) { try await gateway.checkReachable() }
        #expect(error.code == .unavailable)
        await gateway.client.shutdown()
    }
}
