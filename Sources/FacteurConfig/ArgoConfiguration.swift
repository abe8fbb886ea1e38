/// The `argo.*` keys: which WorkflowTemplate runs commands, in which namespace, and whether for real.
public struct ArgoConfiguration: Sendable, Equatable {
    /// Whether Workflows reach the Kubernetes API.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Create Workflows through the Kubernetes API.
        case kubernetes
        /// Log the Workflow that would be created and answer as if it had been.
        case dryRun = "dry-run"
    }

    /// `argo.namespace`, where Workflows are created.
    public var namespace: String

    /// `argo.workflow_template`, the WorkflowTemplate each Workflow references.
    public var workflowTemplate: String

    /// `argo.service_account`, the `spec.serviceAccountName` of each Workflow; nil leaves it unset.
    public var serviceAccount: String?

    /// `argo.parameters`, static parameters that command options are merged over.
    public var parameters: [String: String]

    /// `argo.mode`.
    public var mode: Mode

    /// `argo.watch`; follow each run to its end and report it to Discord.
    public var shouldWatch: Bool

    /// Creates the section; namespace and template have no default.
    public init(
        namespace: String,
        workflowTemplate: String,
        serviceAccount: String? = nil,
        parameters: [String: String] = [:],
        mode: Mode = .kubernetes,
        shouldWatch: Bool = true
    ) {
        self.namespace = namespace
        self.workflowTemplate = workflowTemplate
        self.serviceAccount = serviceAccount
        self.parameters = parameters
        self.mode = mode
        self.shouldWatch = shouldWatch
    }
}
