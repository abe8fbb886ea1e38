import FacteurCore
import Foundation
import Testing

@Suite("The command pipeline")
struct CommandPipelineTests {
    let time = Date(timeIntervalSince1970: 1_796_306_709)

    func makePipeline(
        gateway: RecordingWorkflowGateway = RecordingWorkflowGateway(),
        store: any KeyValueStore = InMemoryKeyValueStore(),
        roleMap: [String: [String]] = [:],
        counters: PipelineCounters = PipelineCounters()
    ) -> CommandPipeline {
        CommandPipeline(
            settings: PipelineSettings(
                namespace: "argo",
                templateName: "facteur-dispatch",
                serviceAccountName: "runner",
                staticParameters: ["environment": "staging", "action": "overridden"],
                keyPrefix: "test"
            ),
            policy: RolePolicy(roleMap: roleMap),
            store: store,
            gateway: gateway,
            counters: counters
        )
    }

    func invocation(
        _ command: String,
        options: [String: String] = [:],
        interactionID: String? = "111111111111111111",
        correlationID: String? = nil,
        roles: [String] = []
    ) -> CommandInvocation {
        CommandInvocation(
            command: command,
            options: options,
            userID: "222222222222222222",
            roles: roles,
            interactionID: interactionID,
            correlationID: correlationID,
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            timestamp: time,
            receivedAt: time.addingTimeInterval(5)
        )
    }

    @Test("plan creates one Workflow with overlaid parameters and the payload")
    func planDispatches() async throws {
        let gateway = RecordingWorkflowGateway()
        let pipeline = makePipeline(gateway: gateway)

        let outcome = await pipeline.handle(invocation("plan", options: ["objective": "ship it", "project": ""]))

        guard case .dispatched(let record) = outcome else {
            Issue.record("expected a dispatch, got \(outcome)")
            return
        }
        let draft = try #require(gateway.created.first)
        #expect(record.workflowName == draft.name)
        #expect(record.namespace == "argo")
        #expect(record.correlationId == draft.name)
        #expect(record.message == "Workflow `\(draft.name)` submitted to namespace `argo`.")
        #expect(draft.name.hasPrefix("plan-20261203-140509-"))
        #expect(draft.parameters["action"] == "plan")
        #expect(draft.parameters["objective"] == "ship it")
        #expect(draft.parameters["project"] == nil)
        #expect(draft.parameters["environment"] == "staging")
        #expect(draft.serviceAccountName == "runner")

        let payloadText = try #require(draft.parameters["payload"])
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(payloadText.utf8)) as? [String: String])
        #expect(payload == [
            "action": "plan",
            "objective": "ship it",
            "environment": "staging",
            "user_id": "222222222222222222",
            "correlation_id": draft.name,
            "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
            "prompt": "ship it",
        ])
    }

    @Test("A redelivery creates nothing and answers with the first result")
    func redelivery() async {
        let gateway = RecordingWorkflowGateway()
        let pipeline = makePipeline(gateway: gateway)
        let event = invocation("implement", options: ["project": "p", "branch": "b"], correlationID: "corr-7")

        let first = await pipeline.handle(event)
        let second = await pipeline.handle(event)

        guard case .dispatched(let record) = first else {
            Issue.record("expected a dispatch, got \(first)")
            return
        }
        #expect(record.correlationId == "corr-7")
        #expect(second == .duplicate(record))
        #expect(gateway.created.count == 1)
        #expect(gateway.submitCalls == 1)
    }

    @Test("Twenty concurrent deliveries of one event dispatch exactly once")
    func concurrentDuplicates() async {
        let gateway = RecordingWorkflowGateway(submitDelay: .milliseconds(100))
        let pipeline = makePipeline(gateway: gateway)
        let event = invocation("plan", options: ["objective": "o"])

        let outcomes = await withTaskGroup(of: DispatchOutcome.self) { group in
            for _ in 0..<20 {
                group.addTask { await pipeline.handle(event) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }

        let dispatched = outcomes.filter { if case .dispatched = $0 { true } else { false } }
        let duplicates = outcomes.filter { if case .duplicate = $0 { true } else { false } }
        #expect(dispatched.count == 1)
        #expect(duplicates.count == 19)
        #expect(gateway.submitCalls == 1)
        #expect(gateway.created.count == 1)
    }

    @Test("When the store forgot the event, the deterministic name still prevents a second run")
    func storeForgot() async {
        let gateway = RecordingWorkflowGateway()
        let event = invocation("plan", options: ["objective": "o"])

        let first = await makePipeline(gateway: gateway).handle(event)
        let afterRestart = await makePipeline(gateway: gateway, store: InMemoryKeyValueStore()).handle(event)

        guard case .dispatched(let record) = first, case .duplicate(let again) = afterRestart else {
            Issue.record("expected dispatch then duplicate, got \(first), \(afterRestart)")
            return
        }
        #expect(again.workflowName == record.workflowName)
        #expect(gateway.created.count == 1)
    }

    @Test("A user without the role is refused and nothing is created")
    func roleRefusal() async {
        let gateway = RecordingWorkflowGateway()
        let pipeline = makePipeline(gateway: gateway, roleMap: ["plan": ["333333333333333333"]])

        let refused = await pipeline.handle(invocation("plan", options: ["objective": "o"], roles: ["1"]))
        let allowed = await pipeline.handle(
            invocation("plan", options: ["objective": "o"], interactionID: "9", roles: ["333333333333333333"])
        )

        #expect(refused == .refused(message: "You do not have permission to run `plan`."))
        if case .dispatched = allowed {} else { Issue.record("expected a dispatch, got \(allowed)") }
        #expect(gateway.created.count == 1)
    }

    @Test("Unknown commands, missing options and bad dates are invalid", arguments: [
        ("deploy", [:], CommandRejection.Reason.unknownCommand),
        ("plan", [:], .missingOption),
        ("implement", ["project": "p"], .missingOption),
        ("review", ["project": "p", "artifact": "a", "deadline": "next week"], .invalidOption),
        ("review", ["project": "p", "artifact": "a", "deadline": "2026-02-30"], .invalidOption),
    ])
    func invalid(command: String, options: [String: String], reason: CommandRejection.Reason) async {
        let gateway = RecordingWorkflowGateway()
        let outcome = await makePipeline(gateway: gateway).handle(invocation(command, options: options))
        guard case .invalid(let rejection) = outcome else {
            Issue.record("expected invalid, got \(outcome)")
            return
        }
        #expect(rejection.reason == reason)
        #expect(gateway.submitCalls == 0)
    }

    @Test("review carries the user's last correlation ID into parameters and reply")
    func reviewUsesSession() async throws {
        let gateway = RecordingWorkflowGateway()
        let pipeline = makePipeline(gateway: gateway)
        _ = await pipeline.handle(invocation("plan", options: ["objective": "o"], correlationID: "first-corr"))

        let outcome = await pipeline.handle(invocation(
            "review",
            options: ["project": "p", "artifact": "pr-1", "deadline": "2026-12-24"],
            interactionID: "444444444444444444"
        ))

        guard case .dispatched(let record) = outcome else {
            Issue.record("expected a dispatch, got \(outcome)")
            return
        }
        #expect(record.message.hasSuffix(" Last request correlation: `first-corr`."))
        let draft = try #require(gateway.created.first { $0.name == record.workflowName })
        #expect(draft.parameters["last_correlation_id"] == "first-corr")
        #expect(draft.parameters["deadline"] == "2026-12-24")
    }

    @Test("status reports the template and the last correlation without creating anything")
    func status() async {
        let gateway = RecordingWorkflowGateway()
        let pipeline = makePipeline(gateway: gateway)

        let before = await pipeline.handle(invocation("status"))
        _ = await pipeline.handle(invocation("plan", options: ["objective": "o"], correlationID: "c-1"))
        gateway.setTemplateExists(false)
        let after = await pipeline.handle(invocation("status", interactionID: "5"))

        #expect(before == .status(
            ready: true,
            message: "WorkflowTemplate `facteur-dispatch` is available in namespace `argo`. "
                + "No earlier request on record."
        ))
        #expect(after == .status(
            ready: false,
            message: "WorkflowTemplate `facteur-dispatch` was not found in namespace `argo`. "
                + "Last request correlation: `c-1`."
        ))
        #expect(gateway.created.count == 1)
    }

    @Test("Kubernetes refusals are final; outages are retryable and release the claim")
    func gatewayFailures() async {
        let gateway = RecordingWorkflowGateway()
        let pipeline = makePipeline(gateway: gateway)
        let event = invocation("plan", options: ["objective": "o"])
        gateway.failNextSubmits(with: [
            WorkflowGatewayError(code: .unavailable, message: "retries spent", httpStatus: 503),
            WorkflowGatewayError(code: .rejected, message: "forbidden", httpStatus: 403, reason: "Forbidden"),
        ])

        let outage = await pipeline.handle(event)
        let refusal = await pipeline.handle(event)
        let recovered = await pipeline.handle(event)

        #expect(outage.isRetryable)
        #expect(refusal == .rejected(message: "forbidden", reason: "Forbidden"))
        if case .dispatched = recovered {} else { Issue.record("expected a dispatch, got \(recovered)") }
        #expect(gateway.created.count == 1)
    }

    @Test("A store outage before dispatch is retryable and dispatches nothing")
    func storeOutage() async {
        let gateway = RecordingWorkflowGateway()
        let outcome = await makePipeline(gateway: gateway, store: UnavailableStore()).handle(
            invocation("plan", options: ["objective": "o"])
        )
        #expect(outcome.isRetryable)
        #expect(gateway.submitCalls == 0)
    }

    @Test("A failed session write after dispatch is counted, never turned into a retry")
    func sessionWriteFailure() async {
        let gateway = RecordingWorkflowGateway()
        let counters = PipelineCounters()
        let store = UnavailableStore(failWrites: true, failReads: false)
        let outcome = await makePipeline(gateway: gateway, store: store, counters: counters).handle(
            invocation("plan", options: ["objective": "o"])
        )
        if case .dispatched = outcome {} else { Issue.record("expected a dispatch, got \(outcome)") }
        #expect(counters.sessionWriteFailureCount == 2)
    }
}
