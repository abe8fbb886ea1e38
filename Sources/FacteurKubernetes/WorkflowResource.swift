import FacteurCore
import Foundation

/// The parts of an Argo Workflow read back from the API: identity metadata and status.
/// Every field is optional because a watch `BOOKMARK` carries only a resourceVersion.
struct WorkflowResource: Sendable, Decodable {
    struct Metadata: Sendable, Decodable {
        var name: String?
        var namespace: String?
        var resourceVersion: String?
        var labels: [String: String]?
        var annotations: [String: String]?
    }

    struct Status: Sendable, Decodable {
        var phase: String?
        var startedAt: String?
        var finishedAt: String?
        var message: String?
    }

    var metadata: Metadata?
    var status: Status?

    /// The phase when it is one facteur knows; a new or unset phase reads as `nil`, not final.
    var phase: WorkflowPhase? {
        status?.phase.flatMap(WorkflowPhase.init(rawValue:))
    }

    var isFinished: Bool {
        phase?.isFinal ?? false
    }

    var resourceVersion: String? {
        metadata?.resourceVersion
    }

    func state(name: String, namespace: String) -> WorkflowState {
        WorkflowState(
            name: metadata?.name ?? name,
            namespace: metadata?.namespace ?? namespace,
            phase: phase,
            startedAt: status?.startedAt.flatMap(Self.parseTime),
            finishedAt: status?.finishedAt.flatMap(Self.parseTime),
            message: status?.message.flatMap { $0.isEmpty ? nil : $0 },
            labels: metadata?.labels ?? [:],
            annotations: metadata?.annotations ?? [:]
        )
    }

    /// RFC 3339 as Kubernetes writes it (`metav1.Time`), with or without fractional seconds.
    static func parseTime(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) {
            return date
        }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// One page of `GET …/workflows`.
struct WorkflowList: Sendable, Decodable {
    struct Metadata: Sendable, Decodable {
        var resourceVersion: String?
        var `continue`: String?
    }

    var metadata: Metadata?
    var items: [WorkflowResource]
}
