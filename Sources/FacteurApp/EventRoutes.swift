import FacteurContracts
import FacteurCore
import FacteurHTTP
import FacteurLogging
import FacteurTelemetry
import Foundation

/// `POST /events` and `POST /codex/tasks` (SPEC section 3): decode, hand to the pipeline,
/// and answer with the status code that tells a KafkaSource whether to retry.
struct EventRoutes: Sendable {
    let pipeline: CommandPipeline
    let codexIntake: CodexTaskIntake
    let telemetry: Telemetry
    let logger: Logger

    func install(in router: inout Router) {
        router.post("/events") { request in await handleEvent(request) }
        router.post("/codex/tasks") { request in await handleCodexTask(request) }
    }

    func handleEvent(_ request: HTTPRequest) async -> HTTPResponse {
        let receivedAt = Date()
        let event: CommandEvent
        do {
            event = try EventBody.decode(CommandEvent.self, from: request)
        } catch {
            logger.info("event rejected", metadata: ["error.message": "\(error)", "url.path": "/events"])
            return EventBody.failureResponse(for: error, route: "/events")
        }

        let invocation = CommandInvocation(
            event: event,
            receivedAt: receivedAt,
            fallbackTraceID: Span.current?.context.traceID.hexString
        )
        let outcome = await dispatch(invocation)
        log(outcome, for: invocation)
        return OutcomeResponse.make(for: outcome)
    }

    /// Runs the pipeline inside `facteur.bridge.dispatch` (or `.status`) and records the
    /// `facteur_command_events_*` metrics (SPEC section 7).
    func dispatch(_ invocation: CommandInvocation) async -> DispatchOutcome {
        let isStatus = invocation.command == CommandCatalogue.status.name
        let started = ContinuousClock.now
        let command = CommandCatalogue.definition(named: invocation.command)?.name ?? "unknown"
        let attributes = Telemetry.commandAttributes(command)

        let outcome = await telemetry.tracer.withSpan(
            isStatus ? "facteur.bridge.status" : "facteur.bridge.dispatch",
            attributes: ["facteur.command": .string(command), "facteur.identity": .string(invocation.identity)]
        ) { span in
            let outcome = await pipeline.handle(invocation)
            span.setAttribute("facteur.outcome", .string(outcome.name))
            if case .dispatched(let record) = outcome {
                span.setAttribute("facteur.workflow", .string(record.workflowName))
            }
            if outcome.isFailure {
                span.setStatus(.error(description: outcome.userMessage))
            }
            return outcome
        }

        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        telemetry.commandEventDuration.record(milliseconds, attributes: attributes)
        if outcome.isFailure {
            telemetry.commandEventsFailed.add(1, attributes: attributes)
        } else {
            telemetry.commandEventsProcessed.add(1, attributes: attributes)
        }
        return outcome
    }

    func handleCodexTask(_ request: HTTPRequest) async -> HTTPResponse {
        let task: CodexTask
        do {
            task = try EventBody.decode(CodexTask.self, from: request)
        } catch {
            logger.info("codex task rejected", metadata: ["error.message": "\(error)", "url.path": "/codex/tasks"])
            return EventBody.failureResponse(for: error, route: "/codex/tasks")
        }

        let receipt = CodexTaskReceipt(
            deliveryId: task.deliveryID,
            stage: CodexTaskStage.protoNames[task.stage.rawValue] ?? String(task.stage.rawValue),
            repository: task.repository,
            issueNumber: task.issueNumber
        )
        let outcome = await codexIntake.accept(receipt)
        logger.info("codex task received", metadata: [
            "facteur.codex.stage": "\(receipt.stage)",
            "facteur.codex.repository": "\(receipt.repository)",
            "facteur.codex.issue_number": "\(receipt.issueNumber)",
            "facteur.codex.delivery_id": "\(receipt.deliveryId)",
            "facteur.outcome": "\(outcome.name)",
        ])

        switch outcome {
        case .accepted(let receipt):
            return .json(receipt, status: .accepted)
        case .duplicate(let receipt):
            return .json(receipt)
        case .invalid(let message):
            return .error(.unprocessableContent, error: "invalid codex task", details: message)
        case .unavailable(let message):
            return OutcomeResponse.unavailable(message)
        }
    }

    private func log(_ outcome: DispatchOutcome, for invocation: CommandInvocation) {
        var metadata: Logger.Metadata = [
            "facteur.command": "\(invocation.command)",
            "facteur.identity": "\(invocation.identity)",
            "facteur.user_id": "\(invocation.userID)",
            "facteur.outcome": "\(outcome.name)",
        ]
        if let traceID = invocation.traceID {
            metadata["trace_id"] = "\(traceID)"
        }
        switch outcome {
        case .dispatched(let record), .duplicate(let record):
            metadata["facteur.workflow"] = "\(record.workflowName)"
            metadata["facteur.correlation_id"] = "\(record.correlationId)"
            logger.info("command handled", metadata: metadata)
        case .unavailable(let message), .rejected(let message, _):
            metadata["error.message"] = "\(message)"
            logger.warning("command failed", metadata: metadata)
        case .invalid, .refused, .status:
            logger.info("command handled", metadata: metadata)
        }
    }
}

extension DispatchOutcome {
    /// A short stable name for logs and metrics.
    var name: String {
        switch self {
        case .dispatched: "dispatched"
        case .duplicate: "duplicate"
        case .status: "status"
        case .refused: "refused"
        case .invalid: "invalid"
        case .rejected: "rejected"
        case .unavailable: "unavailable"
        }
    }
}

extension DispatchOutcome {
    /// Outcomes counted in `facteur_command_events_failed_total`: the command did not run.
    /// A role refusal is the policy working, not a failure.
    var isFailure: Bool {
        switch self {
        case .invalid, .rejected, .unavailable: true
        case .dispatched, .duplicate, .status, .refused: false
        }
    }
}

extension CodexTaskIntake.Outcome {
    var name: String {
        switch self {
        case .accepted: "accepted"
        case .duplicate: "duplicate"
        case .invalid: "invalid"
        case .unavailable: "unavailable"
        }
    }
}
