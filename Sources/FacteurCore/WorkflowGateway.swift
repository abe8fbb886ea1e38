import Foundation

/// Argo Workflow phases; the last three are final (SPEC section 4).
public enum WorkflowPhase: String, Sendable, Equatable, CaseIterable {
    case pending = "Pending"
    case running = "Running"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case error = "Error"

    public var isFinal: Bool {
        switch self {
        case .succeeded, .failed, .error: true
        case .pending, .running: false
        }
    }
}

/// What a create returned: the Workflow now exists, either made by this call or by an
/// earlier delivery of the same event.
public struct WorkflowSubmission: Sendable, Equatable {
    public var name: String
    public var namespace: String

    /// True when the create met 409 and the existing Workflow carries the same identity.
    public var wasAlreadySubmitted: Bool

    public init(name: String, namespace: String, wasAlreadySubmitted: Bool) {
        self.name = name
        self.namespace = namespace
        self.wasAlreadySubmitted = wasAlreadySubmitted
    }
}

/// The observed state of one Workflow.
public struct WorkflowState: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var phase: WorkflowPhase?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var message: String?
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(
        name: String,
        namespace: String,
        phase: WorkflowPhase?,
        startedAt: Date? = nil,
        finishedAt: Date? = nil,
        message: String? = nil,
        labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.phase = phase
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.message = message
        self.labels = labels
        self.annotations = annotations
    }

    /// How long the run took, when both ends are known.
    public var duration: Duration? {
        guard let startedAt, let finishedAt else { return nil }
        return .milliseconds(Int64((finishedAt.timeIntervalSince(startedAt) * 1000).rounded()))
    }
}

/// The core's view of Argo: submit, look up, and follow Workflows. The Kubernetes client
/// and the dry-run renderer implement it; the pipeline never sees transport details.
public protocol WorkflowGateway: Sendable {
    /// Creates the Workflow, treating an existing one with the same identity as success.
    func submit(_ draft: WorkflowDraft) async throws(WorkflowGatewayError) -> WorkflowSubmission

    /// Whether the WorkflowTemplate exists in the namespace (for `status`).
    func templateExists(name: String, namespace: String) async throws(WorkflowGatewayError) -> Bool

    /// Follows the Workflow until its phase is final and returns that state.
    func waitUntilFinished(name: String, namespace: String) async throws(WorkflowGatewayError) -> WorkflowState

    /// Workflows facteur created that have not finished, so their reports survive restarts.
    func unfinishedWorkflows(namespace: String) async throws(WorkflowGatewayError) -> [WorkflowState]

    /// Throws when the API cannot be reached, for `/readyz`.
    func checkReachable() async throws(WorkflowGatewayError)
}

/// A failure talking to Argo, classified by what the caller should do about it.
public struct WorkflowGatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Opaque and extensible: match on the static values.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// Kubernetes refused for good (400/401/403/404/422); retrying cannot help.
        public static let rejected = Code(name: "rejected")
        /// The API was unreachable or overloaded and the retry budget is spent.
        public static let unavailable = Code(name: "unavailable")
        /// The name is taken by a Workflow with a different identity.
        public static let conflict = Code(name: "conflict")
        /// The API answered something that is not what its contract says.
        public static let invalidResponse = Code(name: "invalid_response")
        /// The caller was cancelled.
        public static let cancelled = Code(name: "cancelled")

        public var description: String { name }
    }

    public var code: Code
    public var message: String
    /// The HTTP status the API answered with, if it answered.
    public var httpStatus: Int?
    /// The metav1 Status `reason`, such as `Forbidden` or `AlreadyExists`.
    public var reason: String?
    /// Seconds the API asked to wait before retrying, if it said.
    public var retryAfter: Int?

    public init(code: Code, message: String, httpStatus: Int? = nil, reason: String? = nil, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.reason = reason
        self.retryAfter = retryAfter
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let httpStatus { text += " (HTTP \(httpStatus)" + (reason.map { ", \($0)" } ?? "") + ")" }
        return text
    }
}
