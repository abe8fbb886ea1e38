import FacteurCore
import FacteurKubernetes
import FacteurLogging
import FacteurTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Dry-run gateway")
struct DryRunWorkflowGatewayTests {
    /// A logger at info whose JSON lines are kept for inspection.
    final class CapturedLog: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }

        var logger: Logger {
            Logger(label: "test", level: .info, sink: LogSink(format: .json) { line in
                self.lines.withLock { $0.append(line) }
            })
        }
    }

    @Test("submit logs the rendered Workflow as JSON and answers with the deterministic name")
    func submitLogs() async throws {
        let log = CapturedLog()
        let gateway = DryRunWorkflowGateway(logger: log.logger)
        let draft = Fixtures.draft()

        let submission = try await gateway.submit(draft)

        #expect(submission.name == draft.name)
        #expect(submission.namespace == draft.namespace)
        #expect(!submission.wasAlreadySubmitted)
        let line = try #require(log.all.first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(record["level"] as? String == "info")
        let manifest = try #require(record["facteur.workflow.manifest"] as? String)
        #expect(manifest == WorkflowManifest(draft).jsonText())
        let object = try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any]
        #expect(object?["kind"] as? String == "Workflow")
    }

    @Test("A repeat is already submitted; another identity under the same name is a conflict")
    func idempotent() async throws {
        let gateway = DryRunWorkflowGateway(logger: .disabled)
        let draft = Fixtures.draft()
        var impostor = draft
        impostor.annotations[WorkflowMetadataKey.identity] = "other"

        _ = try await gateway.submit(draft)
        #expect(try await gateway.submit(draft).wasAlreadySubmitted)
        let error = try await #require(throws: WorkflowGatewayError.self) { try await gateway.submit(impostor) }
        #expect(error.code == .conflict)
    }

    @Test("Templates exist, the API is reachable, nothing is unfinished, and runs succeed")
    func answers() async throws {
        let clock = ManualClock()
        let gateway = DryRunWorkflowGateway(logger: .disabled, clock: clock, runDuration: .seconds(2))
        let draft = Fixtures.draft()
        _ = try await gateway.submit(draft)

        #expect(try await gateway.templateExists(name: "anything", namespace: "any"))
        try await gateway.checkReachable()
        #expect(try await gateway.unfinishedWorkflows(namespace: draft.namespace).isEmpty)
        let state = try await gateway.waitUntilFinished(name: draft.name, namespace: draft.namespace)

        #expect(state.phase == .succeeded)
        #expect(state.startedAt != nil && state.finishedAt != nil)
        #expect(clock.sleeps == [.seconds(2)])
    }
}
