/// `github.v1.CodexFailingCheck`: a failed check run on the pull request's head.
public struct CodexFailingCheck: ProtobufMessage, Hashable {
    public static let protoMessageName = "github.v1.CodexFailingCheck"

    public static let fields: [ProtobufField<CodexFailingCheck>] = [
        .string(1, "name", \.name),
        .optionalString(2, "conclusion", \.conclusion),
        .optionalString(3, "url", \.url),
        .optionalString(4, "details", \.details),
    ]

    public var name = ""
    public var conclusion: String?
    public var url: String?
    public var details: String?

    public init() {}

    public init(name: String, conclusion: String? = nil, url: String? = nil, details: String? = nil) {
        self.name = name
        self.conclusion = conclusion
        self.url = url
        self.details = details
    }
}
