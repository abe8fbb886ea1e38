/// `github.v1.CodexTask`: one unit of work for Codex, from `/codex/tasks` or the
/// `github.issues.codex.tasks` topic (SPEC section 5); `deliveryID` is its idempotency key.
public struct CodexTask: ProtobufMessage, Hashable {
    public static let protoMessageName = "github.v1.CodexTask"

    public static let fields: [ProtobufField<CodexTask>] = [
        .enumeration(1, "stage", \.stage),
        .string(2, "prompt", \.prompt),
        .string(3, "repository", \.repository),
        .string(4, "base", \.base),
        .string(5, "head", \.head),
        .scalar(6, "issue_number", \.issueNumber),
        .string(7, "issue_url", \.issueURL),
        .string(8, "issue_title", \.issueTitle),
        .string(9, "issue_body", \.issueBody),
        .string(10, "sender", \.sender),
        .message(11, "issued_at", \.issuedAt),
        .optionalScalar(12, "plan_comment_id", \.planCommentID),
        .optionalString(13, "plan_comment_url", \.planCommentURL),
        .optionalString(14, "plan_comment_body", \.planCommentBody),
        .string(15, "delivery_id", \.deliveryID),
        .message(16, "review_context", \.reviewContext),
    ]

    public var stage: CodexTaskStage = .unspecified
    public var prompt = ""
    /// `owner/name` of the GitHub repository.
    public var repository = ""
    public var base = ""
    public var head = ""
    public var issueNumber: Int64 = 0
    public var issueURL = ""
    public var issueTitle = ""
    public var issueBody = ""
    public var sender = ""
    public var issuedAt: ProtobufTimestamp?
    public var planCommentID: Int64?
    public var planCommentURL: String?
    public var planCommentBody: String?
    /// The GitHub webhook delivery ID; redeliveries carry the same one (SPEC section 6).
    public var deliveryID = ""
    public var reviewContext: CodexReviewContext?

    public init() {}
}
