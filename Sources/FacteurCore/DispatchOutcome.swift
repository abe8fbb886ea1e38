/// How one command ended; each door maps it to its own answer (an HTTP status for
/// `/events`, an offset commit or a dead letter for Kafka).
public enum DispatchOutcome: Sendable, Equatable {
    /// A Workflow was created by this delivery.
    case dispatched(DispatchRecord)
    /// An earlier delivery of the same event already dispatched; this is its result.
    case duplicate(DispatchRecord)
    /// `status` answered; no Workflow.
    case status(ready: Bool, message: String)
    /// The caller lacks a role the command needs.
    case refused(message: String)
    /// The command cannot run as given: unknown, or an option missing or malformed.
    case invalid(CommandRejection)
    /// Kubernetes refused the Workflow for good.
    case rejected(message: String, reason: String?)
    /// Redis or Kubernetes could not be reached and the retries are spent.
    case unavailable(message: String)

    /// Whether delivering the same event again could end differently.
    public var isRetryable: Bool {
        if case .unavailable = self { return true }
        return false
    }

    /// The message the user reads in Discord.
    public var userMessage: String {
        switch self {
        case .dispatched(let record), .duplicate(let record): record.message
        case .status(_, let message), .refused(let message): message
        case .invalid(let rejection): rejection.message
        case .rejected(let message, _): "Kubernetes refused the Workflow: \(message)"
        case .unavailable: "facteur could not reach its dependencies; please try again shortly."
        }
    }
}
