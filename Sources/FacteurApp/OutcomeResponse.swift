import FacteurCore
import FacteurHTTP

/// Maps a pipeline outcome to the HTTP answer of SPEC section 3; the one place where
/// outcomes become status codes.
enum OutcomeResponse {
    /// The `Retry-After` a 503 carries (SPEC section 6).
    static let retryAfterSeconds = 5

    struct Dispatched: Encodable {
        var workflowName: String
        var namespace: String
        var correlationId: String

        init(_ record: DispatchRecord) {
            workflowName = record.workflowName
            namespace = record.namespace
            correlationId = record.correlationId
        }
    }

    struct Status: Encodable {
        var ready: Bool
        var message: String
    }

    static func make(for outcome: DispatchOutcome) -> HTTPResponse {
        switch outcome {
        case .dispatched(let record):
            return .json(Dispatched(record), status: .accepted)
        case .duplicate(let record):
            return .json(Dispatched(record))
        case .status(let ready, let message):
            return .json(Status(ready: ready, message: message))
        case .refused(let message):
            return .error(.forbidden, error: "forbidden", details: message)
        case .invalid(let rejection):
            return .error(.unprocessableContent, error: rejection.reason.rawValue, details: rejection.message)
        case .rejected(let message, let reason):
            let prefix = reason.map { "Kubernetes refused the Workflow (\($0))" } ?? "Kubernetes refused the Workflow"
            return .error(.unprocessableContent, error: "workflow rejected", details: "\(prefix): \(message)")
        case .unavailable(let message):
            return unavailable(message)
        }
    }

    static func unavailable(_ message: String) -> HTTPResponse {
        .error(
            .serviceUnavailable,
            error: "unavailable",
            details: message,
            headers: ["Retry-After": String(retryAfterSeconds)]
        )
    }
}
