import FacteurContracts
import Foundation

/// A message of any contract type, with the comparisons the compatibility tests need.
struct Sample: Sendable, CustomStringConvertible {
    let name: String
    let typeName: String
    let bytes: [UInt8]
    let json: String
    /// Whether binary input decodes to this sample's value.
    let decodesBinary: @Sendable ([UInt8]) throws -> Bool
    /// Whether JSON input decodes to this sample's value.
    let decodesJSON: @Sendable (String) throws -> Bool

    init<Message: ProtobufMessage>(_ name: String, _ message: Message) {
        self.name = name
        self.typeName = Message.protoMessageName
        self.bytes = message.serializedBytes()
        self.json = (try? message.jsonString()) ?? "<unrepresentable>"
        self.decodesBinary = { try Message(serializedBytes: $0) == message }
        self.decodesJSON = { try Message(jsonString: $0) == message }
    }

    var description: String { name }
}

/// The values the Python script builds with Google's classes, built again in Swift; the two
/// lists must stay in step, name for name.
enum ContractSamples {
    static let all: [Sample] = [
        Sample("command_event_empty", CommandEvent()),
        Sample("command_event_full", commandEventFull),
        Sample("command_event_member_only", commandEventMemberOnly),
        Sample("command_event_flags_zero", commandEventFlagsZero),
        Sample("codex_task_full", codexTaskFull),
        Sample("codex_task_present_defaults", codexTaskPresentDefaults),
        Sample("dispatch_result", dispatchResult),
    ]

    static let commandEventFull: CommandEvent = {
        var event = CommandEvent()
        event.provider = "discord"
        event.interactionID = "1234567890123456789"
        event.applicationID = "987654321098765432"
        event.command = "plan"
        event.commandID = "111"
        event.version = 1
        event.token = "tok-\u{C5}\u{3A9}-\u{1F680}"
        event.options = ["objective": "ship it", "project": "facteur", "zeta": "", "\u{E9}moji": "\u{2713}"]
        event.guildID = "555"
        event.channelID = "666"
        event.user = DiscordUser(id: "42", username: "ada", globalName: "Ada", discriminator: "0")
        event.member = DiscordMember(id: "42", roles: ["100000000000000001", "100000000000000002"])
        event.locale = "en-US"
        event.guildLocale = "fr"
        event.response = CommandResponse(type: 5, flags: 64)
        event.timestamp = "2024-05-01T12:34:56Z"
        event.correlationID = "corr-1"
        event.traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        return event
    }()

    static let commandEventMemberOnly: CommandEvent = {
        var event = CommandEvent()
        event.command = "status"
        event.member = DiscordMember(id: "7")
        event.response = CommandResponse(type: 4)
        return event
    }()

    static let commandEventFlagsZero: CommandEvent = {
        var event = CommandEvent()
        event.command = "review"
        event.options = ["": "empty key"]
        event.response = CommandResponse(type: 4, flags: 0)
        return event
    }()

    static let codexTaskFull: CodexTask = {
        var task = CodexTask()
        task.stage = .review
        task.prompt = "Fix the \"quoted\" bug\nline2\ttab"
        task.repository = "acme/widgets"
        task.base = "main"
        task.head = "codex/fix"
        task.issueNumber = 9_007_199_254_740_993
        task.issueURL = "https://github.com/acme/widgets/issues/1"
        task.issueTitle = "Widgets wobble"
        task.sender = "octocat"
        task.issuedAt = ProtobufTimestamp(seconds: 1_714_566_896, nanos: 123_456_789)
        task.planCommentID = -1
        task.planCommentURL = "https://github.com/acme/widgets/issues/1#issuecomment-2"
        task.deliveryID = "d-1"
        var context = CodexReviewContext()
        context.summary = "two threads"
        context.reviewThreads = [
            CodexReviewThread(summary: "rename", url: "u1"),
            CodexReviewThread(summary: "tests", author: "bob"),
        ]
        context.failingChecks = [
            CodexFailingCheck(name: "ci/test", conclusion: "failure", url: "u", details: "boom"),
            CodexFailingCheck(name: "lint"),
        ]
        context.additionalNotes = ["a", "b"]
        task.reviewContext = context
        return task
    }()

    static let codexTaskPresentDefaults: CodexTask = {
        var task = CodexTask()
        task.stage = .unrecognized(7)
        task.issueNumber = -42
        task.issuedAt = ProtobufTimestamp(seconds: -62_135_596_800, nanos: 1_000_000)
        task.planCommentID = 0
        task.planCommentURL = ""
        task.reviewContext = CodexReviewContext()
        return task
    }()

    static let dispatchResult = DispatchResult(
        namespace: "argo",
        workflowName: "plan-20240501-123456-abc",
        message: "ok",
        correlationID: "corr-1",
        traceID: "trace-1"
    )
}

extension Array where Element == UInt8 {
    /// Lower-case hex, as Python's `bytes.hex()` prints it.
    var hex: String {
        map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Bytes from hex text such as `08 96 01`; spaces are ignored.
    init(hex: String) {
        let digits: [Character] = hex.filter { !$0.isWhitespace }.map { $0 }
        self = stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(digits[index...index + 1]), radix: 16)!
        }
    }
}
