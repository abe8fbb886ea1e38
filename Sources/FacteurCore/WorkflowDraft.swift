/// Everything facteur asks Argo to run for one event: a Workflow that references the
/// configured WorkflowTemplate, with parameters and the labels that tie it to its command.
public struct WorkflowDraft: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var templateName: String
    public var serviceAccountName: String?

    /// Rendered sorted by name, all values strings, as Argo's `spec.arguments.parameters`.
    public var parameters: [String: String]
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(
        name: String,
        namespace: String,
        templateName: String,
        serviceAccountName: String? = nil,
        parameters: [String: String] = [:],
        labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.templateName = templateName
        self.serviceAccountName = serviceAccountName
        self.parameters = parameters
        self.labels = labels
        self.annotations = annotations
    }

    /// The idempotency identity, read back from a Workflow found on a 409 to decide
    /// whether it is this same submission.
    public var identity: String? { annotations[WorkflowMetadataKey.identity] }
}

/// Label and annotation keys every facteur Workflow carries (SPEC section 6).
public enum WorkflowMetadataKey {
    public static let managedBy = "app.kubernetes.io/managed-by"
    public static let managedByValue = "facteur"
    public static let command = "facteur/command"
    public static let userID = "facteur/user-id"
    public static let interactionID = "facteur/interaction-id"
    public static let identity = "facteur/identity"
    public static let correlationID = "facteur/correlation-id"
    public static let traceID = "facteur/trace-id"
}

extension WorkflowDraft {
    /// Builds a draft with facteur's labels and annotations; the name is derived from the
    /// event's time and identity so redeliveries collide instead of duplicating.
    public static func make(
        command: String,
        identity: WorkflowIdentity,
        namespace: String,
        templateName: String,
        serviceAccountName: String?,
        parameters: [String: String]
    ) -> WorkflowDraft {
        var labels = [
            WorkflowMetadataKey.managedBy: WorkflowMetadataKey.managedByValue,
            WorkflowMetadataKey.command: LabelValue.sanitized(command),
            WorkflowMetadataKey.userID: LabelValue.sanitized(identity.userID),
        ]
        if let interactionID = identity.interactionID, !interactionID.isEmpty {
            labels[WorkflowMetadataKey.interactionID] = LabelValue.sanitized(interactionID)
        }
        let annotations = [
            WorkflowMetadataKey.identity: identity.key,
            WorkflowMetadataKey.correlationID: identity.correlationID,
            WorkflowMetadataKey.traceID: identity.traceID,
        ]
        return WorkflowDraft(
            name: WorkflowName.make(command: command, time: identity.time, identity: identity.key),
            namespace: namespace,
            templateName: templateName,
            serviceAccountName: serviceAccountName,
            parameters: parameters,
            labels: labels,
            annotations: annotations
        )
    }
}
