/// `github.v1.CodexReviewThread`: an unresolved review thread Codex should address.
public struct CodexReviewThread: ProtobufMessage, Hashable {
    public static let protoMessageName = "github.v1.CodexReviewThread"

    public static let fields: [ProtobufField<CodexReviewThread>] = [
        .string(1, "summary", \.summary),
        .optionalString(2, "url", \.url),
        .optionalString(3, "author", \.author),
    ]

    public var summary = ""
    public var url: String?
    public var author: String?

    public init() {}

    public init(summary: String, url: String? = nil, author: String? = nil) {
        self.summary = summary
        self.url = url
        self.author = author
    }
}
