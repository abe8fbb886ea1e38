/// `facteur.v1.DispatchResult`: what facteur dispatched for a user, stored as their session
/// and returned to duplicates of the same event.
public struct DispatchResult: ProtobufMessage, Hashable {
    public static let protoMessageName = "facteur.v1.DispatchResult"

    public static let fields: [ProtobufField<DispatchResult>] = [
        .string(1, "namespace", \.namespace),
        .string(2, "workflow_name", \.workflowName),
        .string(3, "message", \.message),
        .string(4, "correlation_id", \.correlationID),
        .string(5, "trace_id", \.traceID),
    ]

    public var namespace = ""
    public var workflowName = ""
    /// The reply the user was shown.
    public var message = ""
    public var correlationID = ""
    public var traceID = ""

    public init() {}

    public init(
        namespace: String,
        workflowName: String,
        message: String = "",
        correlationID: String = "",
        traceID: String = ""
    ) {
        self.namespace = namespace
        self.workflowName = workflowName
        self.message = message
        self.correlationID = correlationID
        self.traceID = traceID
    }
}
