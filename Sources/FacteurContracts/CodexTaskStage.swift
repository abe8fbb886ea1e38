/// `github.v1.CodexTaskStage`: which step of an issue's life a Codex task is for.
public enum CodexTaskStage: ProtobufEnum, Hashable {
    case unspecified
    case planning
    case implementation
    case review
    /// A number this build does not know, kept so the task re-encodes unchanged.
    case unrecognized(Int32)

    public static let protoNames: [Int32: String] = [
        0: "CODEX_TASK_STAGE_UNSPECIFIED",
        1: "CODEX_TASK_STAGE_PLANNING",
        2: "CODEX_TASK_STAGE_IMPLEMENTATION",
        3: "CODEX_TASK_STAGE_REVIEW",
    ]

    public init(rawValue: Int32) {
        self = switch rawValue {
        case 0: .unspecified
        case 1: .planning
        case 2: .implementation
        case 3: .review
        default: .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: 0
        case .planning: 1
        case .implementation: 2
        case .review: 3
        case .unrecognized(let value): value
        }
    }
}
