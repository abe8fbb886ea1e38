import FacteurContracts
import FacteurProtobuf
import FacteurTestSupport
import Foundation
import Testing

/// `POST /events` and `POST /codex/tasks` end to end (SPEC sections 3 to 6, issue 4): the
/// real `facteur serve` binary against a real `redis-server` and the kube-apiserver
/// stand-in, whose stored Workflows and Argo-SDK validations every test checks. Serialized:
/// each test starts three processes, and two cores shared with the other suites' timing
/// tests cannot carry a dozen such sets at once.
@Suite("facteur serve: /events end to end", .serialized, .timeLimit(.minutes(2)))
struct EventsEndToEndTests {
    typealias Environment = EventsEnvironment

    @Test(
        "Each command, sent as binary protobuf or as JSON, creates the Workflow the SPEC describes",
        arguments: CommandCase.dispatching, EventEncoding.allCases
    )
    func dispatch(command: CommandCase, encoding: EventEncoding) async throws {
        try await Environment.with { environment in
            let event = command.event(correlationID: "corr-\(command.command)-\(encoding.rawValue)")

            let response = try await environment.send(event, as: encoding)

            #expect(response.status == 202, "\(response.body)")
            let answer = try response.json()
            let workflows = try await environment.workflows()
            try #require(workflows.count == 1)
            let workflow = try StoredWorkflow(workflows[0])
            #expect(answer["workflowName"] as? String == workflow.name)
            #expect(answer["namespace"] as? String == Environment.namespace)
            #expect(answer["correlationId"] as? String == event.correlationID)
            try expectWorkflow(workflow, for: event, command: command, correlationID: event.correlationID)
            try await expectValid(workflow, in: environment)
        }
    }

    @Test("review after plan carries the plan's correlation ID as last_correlation_id")
    func reviewAfterPlan() async throws {
        try await Environment.with { environment in
            let plan = CommandCase.plan.event(correlationID: "corr-first-plan")
            let review = CommandCase.review.event()

            #expect(try await environment.send(plan, as: .binary).status == 202)
            let response = try await environment.send(review, as: .json)

            #expect(response.status == 202, "\(response.body)")
            let name = try #require(try response.json()["workflowName"] as? String)
            let stored = try await environment.workflows().map(StoredWorkflow.init)
            let workflow = try #require(stored.first { $0.name == name })
            #expect(stored.count == 2)
            #expect(workflow.parameters["last_correlation_id"] == "corr-first-plan")
            #expect(try workflow.payload()["last_correlation_id"] == "corr-first-plan")
            // Without an event correlation ID, the Workflow's name stands in (SPEC section 3).
            #expect(try response.json()["correlationId"] as? String == name)
            try expectWorkflow(
                workflow,
                for: review,
                command: .review,
                correlationID: name,
                lastCorrelationID: "corr-first-plan"
            )
            try await expectValid(workflow, in: environment)
        }
    }

    @Test("status answers 200 with ready and message, names the last dispatch, and creates nothing",
          arguments: EventEncoding.allCases)
    func status(encoding: EventEncoding) async throws {
        try await Environment.with { environment in
            let first = try await environment.send(EventSamples.event(command: "status"), as: encoding)

            #expect(first.status == 200, "\(first.body)")
            let answer = try first.json()
            #expect(Set(answer.keys) == ["ready", "message"])
            #expect(answer["ready"] as? Bool == true)
            let message = try #require(answer["message"] as? String)
            #expect(message.contains("`\(Environment.templateName)`"))
            #expect(message.contains("No earlier request on record."))
            #expect(try await environment.workflows().isEmpty)

            let plan = CommandCase.plan.event(correlationID: "corr-before-status")
            #expect(try await environment.send(plan, as: encoding).status == 202)
            let second = try await environment.send(EventSamples.event(command: "status"), as: encoding)

            #expect(second.status == 200)
            #expect((try second.json()["message"] as? String)?.contains("`corr-before-status`") == true)
            #expect(try await environment.workflows().count == 1)
        }
    }

    @Test("A redelivered event, in either encoding, gets 200 with the first result and no second Workflow")
    func redelivery() async throws {
        try await Environment.with { environment in
            let event = CommandCase.plan.event()

            let first = try await environment.send(event, as: .binary)
            let again = try await environment.send(event, as: .binary)
            let asJSON = try await environment.send(event, as: .json)

            #expect(first.status == 202)
            #expect(again.status == 200)
            #expect(asJSON.status == 200)
            #expect(try again.json() as NSDictionary == first.json() as NSDictionary)
            #expect(try asJSON.json() as NSDictionary == first.json() as NSDictionary)
            #expect(try await environment.workflows().count == 1)
            let creates = try await environment.kube.requests(containing: "/workflows")
                .filter { $0["method"] as? String == "POST" }
            #expect(creates.count == 1)
        }
    }

    @Test("A redelivery after Redis restarts with every key lost still creates no second Workflow")
    func redeliveryAcrossRedisRestart() async throws {
        try await Environment.with { environment in
            let event = CommandCase.implement.event(correlationID: "corr-restart")
            let first = try await environment.send(event, as: .binary)
            #expect(first.status == 202, "\(first.body)")

            try await environment.redis.restart()
            #expect(try await environment.redis.cli(["DBSIZE"]) == "0")
            let ready = try await eventually(within: .seconds(15)) {
                try await environment.get("/readyz").status == 200
            }
            try #require(ready)

            // The first command on a pool connection Redis dropped may fail with 503, which a
            // KafkaSource retries; so does this test, a bounded number of times.
            var again = try await environment.send(event, as: .json)
            for _ in 0..<20 where again.status == 503 {
                try await Task.sleep(for: .milliseconds(250))
                again = try await environment.send(event, as: .json)
            }

            #expect(again.status == 200, "\(again.body)")
            #expect(try again.json() as NSDictionary == first.json() as NSDictionary)
            #expect(try await environment.workflows().count == 1)
        }
    }

    @Test("A caller without the command's role gets 403 and nothing is created")
    func roleRefusal() async throws {
        try await Environment.with { environment in
            var event = CommandCase.implement.event()
            event.member = DiscordMember(id: EventSamples.userID, roles: ["999999999999999999"])

            let response = try await environment.send(event, as: .binary)

            #expect(response.status == 403)
            let answer = try response.json()
            #expect(answer["error"] as? String == "forbidden")
            #expect(answer["details"] as? String == "You do not have permission to run `implement`.")
            #expect(try await environment.workflows().isEmpty)
            #expect(try await environment.kube.requests(containing: "/workflows").isEmpty)
        }
    }

    @Test("Twenty concurrent deliveries of one event get one 202, nineteen 200s, and one Workflow")
    func concurrentDuplicates() async throws {
        try await Environment.with { environment in
            let event = CommandCase.plan.event(correlationID: "corr-concurrent")

            let responses = try await withThrowingTaskGroup(of: RawHTTP.Response.self) { group in
                for index in 0..<20 {
                    let encoding: EventEncoding = index.isMultiple(of: 2) ? .binary : .json
                    group.addTask { try await environment.send(event, as: encoding) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            let statuses = responses.map(\.status).sorted()
            #expect(statuses == Array(repeating: 200, count: 19) + [202], "\(statuses)")
            let names = try Set(responses.map { try $0.json()["workflowName"] as? String ?? "" })
            #expect(names.count == 1)
            let workflows = try await environment.workflows().map(StoredWorkflow.init)
            #expect(workflows.map(\.name) == Array(names))
        }
    }

    @Test("A malformed body is answered 400 and creates nothing", arguments: [
        MalformedBody(name: "truncated protobuf", bytes: [0x12, 0x20, 0x31], contentType: "application/x-protobuf"),
        MalformedBody(name: "bad wire type", bytes: [0x27, 0x01], contentType: nil),
        MalformedBody(name: "cut JSON", bytes: Array(#"{"command":"plan","#.utf8), contentType: "application/json"),
    ])
    func malformed(body: MalformedBody) async throws {
        try await Environment.with { environment in
            let response = try await environment.post("/events", body: body.bytes, contentType: body.contentType)

            #expect(response.status == 400, "\(response.body)")
            #expect(try response.json()["error"] as? String == "malformed body")
            #expect(try await environment.workflows().isEmpty)
        }
    }

    @Test("An unknown command or a missing required option is answered 422 naming it")
    func invalidCommands() async throws {
        try await Environment.with { environment in
            let unknown = try await environment.send(EventSamples.event(command: "deploy"), as: .json)
            let missing = try await environment.send(
                EventSamples.event(command: "plan", options: ["project": "facteur"]),
                as: .binary
            )

            #expect(unknown.status == 422)
            #expect(try unknown.json()["error"] as? String == "unknown command")
            #expect((try unknown.json()["details"] as? String)?.contains("`deploy`") == true)
            #expect(missing.status == 422)
            #expect(try missing.json()["error"] as? String == "missing required option")
            #expect((try missing.json()["details"] as? String)?.contains("`objective`") == true)
            #expect(try await environment.workflows().isEmpty)
        }
    }

    @Test("A Workflow Kubernetes forbids is answered 422 naming the API's reason, and can be sent again")
    func kubernetesForbidden() async throws {
        try await Environment.with { environment in
            try await environment.kube.setForbidden(true, namespace: Environment.namespace, verbs: ["create"])
            let event = CommandCase.plan.event()

            let refused = try await environment.send(event, as: .binary)

            #expect(refused.status == 422, "\(refused.body)")
            let details = try #require(try refused.json()["details"] as? String)
            #expect(details.contains("Forbidden"))
            #expect(details.contains("cannot create resource \"workflows\""))
            #expect(try await environment.workflows().isEmpty)

            // A final refusal releases the event's claim, so a later delivery may dispatch.
            try await environment.kube.setForbidden(false, namespace: Environment.namespace)
            #expect(try await environment.send(event, as: .binary).status == 202)
            #expect(try await environment.workflows().count == 1)
        }
    }

    @Test("With Kubernetes answering 503 to everything, /events and /readyz answer 503 with Retry-After: 5")
    func kubernetesDown() async throws {
        try await Environment.with { environment in
            try await environment.kube.addFault(["times": 0, "action": ["status": 503]])
            let event = CommandCase.plan.event()

            let started = ContinuousClock.now
            let response = try await environment.send(event, as: .binary)
            let elapsed = ContinuousClock.now - started
            let readiness = try await environment.get("/readyz")

            #expect(response.status == 503, "\(response.body)")
            #expect(response.headers["retry-after"] == "5")
            #expect(elapsed < .seconds(12), "retries must fit the 10 s budget of SPEC section 6")
            #expect(readiness.status == 503)
            #expect((try readiness.json()["checks"] as? [String: Any])?["kubernetes"] != nil)
            try await environment.kube.clearFaults()
            #expect(try await environment.workflows().isEmpty)

            #expect(try await environment.send(event, as: .binary).status == 202)
        }
    }

    @Test("With Redis stopped, /events answers 503 and /readyz answers 503 naming redis; both recover")
    func redisDown() async throws {
        try await Environment.with { environment in
            let healthy = try await environment.get("/readyz")
            #expect(healthy.status == 200)
            #expect(healthy.body == #"{"status":"ready"}"#)

            await environment.redis.stop()
            let response = try await environment.send(CommandCase.plan.event(), as: .json)
            let readiness = try await environment.get("/readyz")

            #expect(response.status == 503, "\(response.body)")
            #expect(response.headers["retry-after"] == "5")
            #expect(readiness.status == 503)
            let checks = try #require(try readiness.json()["checks"] as? [String: Any])
            #expect(Set(checks.keys) == ["redis"])
            #expect(try await environment.workflows().isEmpty)

            try await environment.redis.start()
            let recovered = try await eventually(within: .seconds(15)) {
                try await environment.get("/readyz").status == 200
            }
            #expect(recovered)
        }
    }

    @Test("/codex/tasks answers 202, then 200 with the first receipt for the same delivery_id")
    func codexTasks() async throws {
        try await Environment.with { environment in
            let task = EventSamples.codexTask(deliveryID: UUID().uuidString)

            let first = try await environment.post(
                "/codex/tasks",
                body: task.serializedBytes(),
                contentType: "application/x-protobuf"
            )
            let again = try await environment.post(
                "/codex/tasks",
                body: Array(try task.jsonString().utf8),
                contentType: "application/json"
            )

            #expect(first.status == 202, "\(first.body)")
            #expect(again.status == 200, "\(again.body)")
            let receipt = try first.json()
            #expect(receipt["deliveryId"] as? String == task.deliveryID)
            #expect(receipt["repository"] as? String == "example/facteur")
            #expect(try again.json() as NSDictionary == receipt as NSDictionary)
            #expect(try await environment.workflows().isEmpty)
        }
    }

    // MARK: Expectations

    /// Checks name, labels, annotations, template and parameters against SPEC sections 4 and 6.
    private func expectWorkflow(
        _ workflow: StoredWorkflow,
        for event: CommandEvent,
        command: CommandCase,
        correlationID: String,
        lastCorrelationID: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let prefix = "\(command.command)-\(EventSamples.nameTime)-"
        #expect(workflow.name.hasPrefix(prefix), sourceLocation: sourceLocation)
        #expect(workflow.name.count <= 63, sourceLocation: sourceLocation)
        let suffix = workflow.name.dropFirst(prefix.count)
        #expect(!suffix.isEmpty && suffix.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) },
                sourceLocation: sourceLocation)
        #expect(workflow.namespace == EventsEnvironment.namespace, sourceLocation: sourceLocation)

        #expect(workflow.labels == [
            "app.kubernetes.io/managed-by": "facteur",
            "facteur/command": command.command,
            "facteur/user-id": EventSamples.userID,
            "facteur/interaction-id": event.interactionID,
        ], sourceLocation: sourceLocation)
        #expect(workflow.annotations == [
            "facteur/identity": event.interactionID,
            "facteur/correlation-id": correlationID,
            "facteur/trace-id": EventSamples.traceID,
        ], sourceLocation: sourceLocation)
        #expect(workflow.templateName == EventsEnvironment.templateName, sourceLocation: sourceLocation)
        #expect(workflow.serviceAccountName == EventsEnvironment.serviceAccount, sourceLocation: sourceLocation)

        var expected = EventsEnvironment.staticParameters
        expected.merge(command.options) { _, option in option }
        expected["action"] = command.command
        if let lastCorrelationID {
            expected["last_correlation_id"] = lastCorrelationID
        }
        var payload = expected
        payload["user_id"] = EventSamples.userID
        payload["correlation_id"] = correlationID
        payload["trace_id"] = EventSamples.traceID
        payload["prompt"] = command.promptOption.flatMap { command.options[$0] } ?? ""

        #expect(workflow.hasOnlyStringValues, sourceLocation: sourceLocation)
        #expect(workflow.parameterNames == workflow.parameterNames.sorted(), sourceLocation: sourceLocation)
        #expect(workflow.parameters.filter { $0.key != "payload" } == expected, sourceLocation: sourceLocation)
        #expect(try workflow.payload() == payload, sourceLocation: sourceLocation)
    }

    /// The stand-in ran the Argo SDK's model over the create and found nothing wrong.
    private func expectValid(
        _ workflow: StoredWorkflow,
        in environment: EventsEnvironment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let validations = try await environment.kube.validations()
        let outcome = try #require(
            validations.first { $0["name"] as? String == workflow.name },
            sourceLocation: sourceLocation
        )
        #expect(outcome["valid"] as? Bool == true, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome["sdk"] as? Bool == true, "the Argo SDK was not importable", sourceLocation: sourceLocation)
    }
}

/// A body `/events` must refuse with 400.
struct MalformedBody: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var contentType: String?

    var testDescription: String { name }
}
