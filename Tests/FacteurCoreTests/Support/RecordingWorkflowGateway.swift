import FacteurCore
import Synchronization

/// A `WorkflowGateway` that behaves like the Kubernetes one where the pipeline can tell:
/// names are unique, a second create of a name answers as a 409 would (same identity →
/// already submitted, another → conflict), and scripted failures come back as typed errors.
final class RecordingWorkflowGateway: WorkflowGateway {
    private struct State {
        var created: [String: WorkflowDraft] = [:]
        var submitCalls = 0
        var failures: [WorkflowGatewayError] = []
        var templateExists = true
    }

    private let state = Mutex(State())
    private let submitDelay: Duration

    init(submitDelay: Duration = .zero) {
        self.submitDelay = submitDelay
    }

    var created: [WorkflowDraft] { state.withLock { Array($0.created.values) } }
    var submitCalls: Int { state.withLock { $0.submitCalls } }

    func failNextSubmits(with errors: [WorkflowGatewayError]) {
        state.withLock { $0.failures = errors }
    }

    func setTemplateExists(_ exists: Bool) {
        state.withLock { $0.templateExists = exists }
    }

    func submit(_ draft: WorkflowDraft) async throws(WorkflowGatewayError) -> WorkflowSubmission {
        if submitDelay > .zero {
            try? await Task.sleep(for: submitDelay)
        }
        let result: Result<WorkflowSubmission, WorkflowGatewayError> = state.withLock { state in
            state.submitCalls += 1
            if !state.failures.isEmpty {
                return .failure(state.failures.removeFirst())
            }
            if let existing = state.created[draft.name] {
                guard existing.identity == draft.identity else {
                    return .failure(WorkflowGatewayError(code: .conflict, message: "name taken", httpStatus: 409))
                }
                return .success(
                    WorkflowSubmission(name: draft.name, namespace: draft.namespace, wasAlreadySubmitted: true)
                )
            }
            state.created[draft.name] = draft
            return .success(
                WorkflowSubmission(name: draft.name, namespace: draft.namespace, wasAlreadySubmitted: false)
            )
        }
        return try result.get()
    }

    func templateExists(name: String, namespace: String) async throws(WorkflowGatewayError) -> Bool {
        state.withLock { $0.templateExists }
    }

    func waitUntilFinished(name: String, namespace: String) async throws(WorkflowGatewayError) -> WorkflowState {
        WorkflowState(name: name, namespace: namespace, phase: .succeeded)
    }

    func unfinishedWorkflows(namespace: String) async throws(WorkflowGatewayError) -> [WorkflowState] { [] }

    func checkReachable() async throws(WorkflowGatewayError) {}
}

/// A store whose every call fails, as Redis does while it is down.
struct UnavailableStore: KeyValueStore {
    var failWrites = true
    var failReads = true
    let backing = InMemoryKeyValueStore()

    private var error: KeyValueStoreError { KeyValueStoreError(code: .unavailable, message: "connection refused") }

    func get(_ key: String) async throws(KeyValueStoreError) -> String? {
        if failReads { throw error }
        return try await backing.get(key)
    }

    func set(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError) {
        if failWrites { throw error }
        try await backing.set(key, to: value, ttl: ttl)
    }

    func setIfAbsent(_ key: String, to value: String, ttl: Duration) async throws(KeyValueStoreError) -> Bool {
        if failReads { throw error }
        return try await backing.setIfAbsent(key, to: value, ttl: ttl)
    }

    func delete(_ key: String, ifEqualTo expected: String) async throws(KeyValueStoreError) -> Bool {
        if failWrites { throw error }
        return try await backing.delete(key, ifEqualTo: expected)
    }

    func ping() async throws(KeyValueStoreError) {
        if failReads { throw error }
    }
}
