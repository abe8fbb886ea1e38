import FacteurLogging
import Foundation

/// The one path every command takes (SPEC sections 4 and 6): catalogue, role policy,
/// idempotency, Workflow submission, session. `/events`, `/interactions` and the Kafka
/// consumer all call `handle`, so they cannot drift apart.
public struct CommandPipeline: Sendable {
    let settings: PipelineSettings
    let policy: RolePolicy
    let store: any KeyValueStore
    let gateway: any WorkflowGateway
    let clock: any PipelineClock
    let counters: PipelineCounters
    let logger: Logger

    public init(
        settings: PipelineSettings,
        policy: RolePolicy,
        store: any KeyValueStore,
        gateway: any WorkflowGateway,
        clock: any PipelineClock = SystemPipelineClock(),
        counters: PipelineCounters = PipelineCounters(),
        logger: Logger = .disabled
    ) {
        self.settings = settings
        self.policy = policy
        self.store = store
        self.gateway = gateway
        self.clock = clock
        self.counters = counters
        self.logger = logger
    }

    /// Runs one command to its outcome; never throws, because every failure is an answer.
    public func handle(_ invocation: CommandInvocation) async -> DispatchOutcome {
        guard let definition = CommandCatalogue.definition(named: invocation.command) else {
            return .invalid(CommandCatalogue.unknownCommand(invocation.command))
        }
        guard policy.allows(command: definition.name, roles: invocation.roles) else {
            return .refused(message: RolePolicy.refusal(command: definition.name))
        }
        guard !invocation.userID.isBlank else {
            let message = "the event names no user (user.id or member.id)"
            return .invalid(CommandRejection(reason: .missingUser, message: message))
        }
        if let rejection = CommandCatalogue.checkOptions(of: invocation, against: definition) {
            return .invalid(rejection)
        }

        if definition.startsWorkflow {
            return await dispatchOnce(invocation, definition: definition)
        }
        return await reportStatus(for: invocation)
    }

    /// Claims the event's identity so that exactly one delivery dispatches; the others wait
    /// for its result (SPEC section 6).
    private func dispatchOnce(_ invocation: CommandInvocation, definition: CommandDefinition) async -> DispatchOutcome {
        let key = settings.sessionKeys.event(identity: invocation.identity)
        let claim = IdempotencyRecord(state: .pending, owner: UUID().uuidString, result: nil).jsonText()
        let deadline = clock.now().addingTimeInterval(settings.duplicateWait.timeInterval)

        while true {
            do {
                if try await store.setIfAbsent(key, to: claim, ttl: settings.claimLease) {
                    return await dispatchClaimed(invocation, definition: definition, key: key, claim: claim)
                }
                if let text = try await store.get(key), let record = IdempotencyRecord.decode(text),
                   record.state == .done, let result = record.result {
                    return .duplicate(result)
                }
            } catch {
                logger.warning("session store unavailable", metadata: [
                    "error.message": "\(error)", "facteur.identity": "\(invocation.identity)",
                ])
                return .unavailable(message: "the session store is unavailable: \(error.message)")
            }

            guard clock.now() < deadline else {
                return .unavailable(message: "an earlier delivery of this event is still being dispatched")
            }
            try? await clock.sleep(for: .milliseconds(25))
        }
    }

    private func dispatchClaimed(
        _ invocation: CommandInvocation,
        definition: CommandDefinition,
        key: String,
        claim: String
    ) async -> DispatchOutcome {
        let lastDispatch = definition.name == CommandCatalogue.review.name
            ? await lastDispatch(userID: invocation.userID) : nil
        let draft = makeDraft(invocation, definition: definition, lastCorrelationID: lastDispatch?.correlationId)

        let submission: WorkflowSubmission
        do {
            submission = try await gateway.submit(draft)
        } catch {
            _ = try? await store.delete(key, ifEqualTo: claim)
            return outcome(for: error)
        }

        var message = "Workflow `\(submission.name)` submitted to namespace `\(submission.namespace)`."
        if let lastDispatch {
            message += " Last request correlation: `\(lastDispatch.correlationId)`."
        }
        let record = DispatchRecord(
            namespace: submission.namespace,
            workflowName: submission.name,
            message: message,
            correlationId: draft.annotations[WorkflowMetadataKey.correlationID] ?? submission.name,
            traceId: draft.annotations[WorkflowMetadataKey.traceID] ?? ""
        )
        await remember(record, claimKey: key, invocation: invocation)
        return submission.wasAlreadySubmitted ? .duplicate(record) : .dispatched(record)
    }

    private func makeDraft(
        _ invocation: CommandInvocation,
        definition: CommandDefinition,
        lastCorrelationID: String?
    ) -> WorkflowDraft {
        let name = WorkflowName.make(
            command: definition.name,
            time: invocation.eventTime,
            identity: invocation.identity
        )
        let correlationID = invocation.correlationID ?? name
        let traceID = invocation.traceID ?? TraceIdentifier.random()
        let identity = WorkflowIdentity(
            key: invocation.identity,
            userID: invocation.userID,
            interactionID: invocation.interactionID,
            correlationID: correlationID,
            traceID: traceID,
            time: invocation.eventTime
        )
        let parameters = WorkflowParameters.make(
            definition: definition,
            invocation: invocation,
            staticParameters: settings.staticParameters,
            correlationID: correlationID,
            traceID: traceID,
            lastCorrelationID: lastCorrelationID
        )
        return WorkflowDraft.make(
            command: definition.name,
            identity: identity,
            namespace: settings.namespace,
            templateName: settings.templateName,
            serviceAccountName: settings.serviceAccountName,
            parameters: parameters
        )
    }

    /// Completes the claim and stores the user's session. A failure here is logged and
    /// counted but never surfaces: the Workflow exists, and an error status would make the
    /// sender retry a dispatch that already happened (SPEC section 6).
    private func remember(_ record: DispatchRecord, claimKey: String, invocation: CommandInvocation) async {
        let done = IdempotencyRecord(state: .done, owner: "", result: record).jsonText()
        let writes = [
            (claimKey, done, settings.idempotencyTTL),
            (settings.sessionKeys.dispatch(userID: invocation.userID), record.jsonText(), settings.sessionTTL),
        ]
        // Independent keys: written concurrently, so the answer waits for one round trip.
        await withTaskGroup(of: Void.self) { group in
            for (key, value, ttl) in writes {
                group.addTask {
                    do {
                        try await store.set(key, to: value, ttl: ttl)
                    } catch {
                        counters.recordSessionWriteFailure()
                        logger.error("session write failed after dispatch", metadata: [
                            "error.message": "\(error)",
                            "facteur.workflow": "\(record.workflowName)",
                            "facteur.correlation_id": "\(record.correlationId)",
                        ])
                    }
                }
            }
        }
    }

    private func outcome(for error: WorkflowGatewayError) -> DispatchOutcome {
        switch error.code {
        case .rejected, .conflict:
            return .rejected(message: error.message, reason: error.reason)
        default:
            return .unavailable(message: "Kubernetes is unavailable: \(error.message)")
        }
    }

    /// The user's last dispatch; a store failure only loses the optional correlation line.
    func lastDispatch(userID: String) async -> DispatchRecord? {
        do {
            guard let text = try await store.get(settings.sessionKeys.dispatch(userID: userID)) else { return nil }
            return DispatchRecord.decode(text)
        } catch {
            logger.warning("session read failed", metadata: ["error.message": "\(error)"])
            return nil
        }
    }

    private func reportStatus(for invocation: CommandInvocation) async -> DispatchOutcome {
        let template = "WorkflowTemplate `\(settings.templateName)`"
        let namespace = "namespace `\(settings.namespace)`"
        var ready: Bool
        var message: String
        do {
            ready = try await gateway.templateExists(name: settings.templateName, namespace: settings.namespace)
            message = ready ? "\(template) is available in \(namespace)." : "\(template) was not found in \(namespace)."
        } catch where error.code == .rejected {
            ready = false
            message = "\(template) could not be read in \(namespace): \(error.message)"
        } catch {
            return .unavailable(message: "Kubernetes is unavailable: \(error.message)")
        }

        if let last = await lastDispatch(userID: invocation.userID) {
            message += " Last request correlation: `\(last.correlationId)`."
        } else {
            message += " No earlier request on record."
        }
        return .status(ready: ready, message: message)
    }
}

/// W3C trace IDs: 16 random bytes as 32 lowercase hex digits, never all zero.
public enum TraceIdentifier {
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var high = generator.next() as UInt64
        let low = generator.next() as UInt64
        if high == 0 && low == 0 { high = 1 }
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
