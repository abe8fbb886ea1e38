import Foundation

/// Who and what a Workflow is for: the idempotency key of the event and the IDs that are
/// stamped on the Workflow so operators can trace it back.
public struct WorkflowIdentity: Sendable, Equatable {
    /// The event's idempotency key: the interaction ID, else the correlation ID, else
    /// (for CodexTasks) the delivery ID.
    public var key: String
    public var userID: String
    public var interactionID: String?
    public var correlationID: String
    public var traceID: String

    /// The event's own timestamp when it has one, else when facteur received it.
    public var time: Date

    public init(
        key: String,
        userID: String,
        interactionID: String?,
        correlationID: String,
        traceID: String,
        time: Date
    ) {
        self.key = key
        self.userID = userID
        self.interactionID = interactionID
        self.correlationID = correlationID
        self.traceID = traceID
        self.time = time
    }
}

/// Kubernetes label values: at most 63 characters of alphanumerics, `-`, `_` and `.`,
/// starting and ending alphanumeric.
public enum LabelValue {
    public static func sanitized(_ value: String) -> String {
        let allowed = value.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
                ? character : "_"
        }
        var text = String(String(allowed).prefix(63))
        while let first = text.first, !(first.isLetter || first.isNumber) { text.removeFirst() }
        while let last = text.last, !(last.isLetter || last.isNumber) { text.removeLast() }
        return text
    }
}
