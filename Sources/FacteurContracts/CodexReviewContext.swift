/// `github.v1.CodexReviewContext`: what reviewers and CI said, for the review stage.
public struct CodexReviewContext: ProtobufMessage, Hashable {
    public static let protoMessageName = "github.v1.CodexReviewContext"

    public static let fields: [ProtobufField<CodexReviewContext>] = [
        .optionalString(1, "summary", \.summary),
        .repeatedMessage(2, "review_threads", \.reviewThreads),
        .repeatedMessage(3, "failing_checks", \.failingChecks),
        .repeatedString(4, "additional_notes", \.additionalNotes),
    ]

    public var summary: String?
    public var reviewThreads: [CodexReviewThread] = []
    public var failingChecks: [CodexFailingCheck] = []
    public var additionalNotes: [String] = []

    public init() {}
}
