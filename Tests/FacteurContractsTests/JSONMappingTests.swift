import FacteurContracts
import FacteurProtobuf
import Foundation
import Testing

/// Protobuf's JSON mapping for the contracts (https://protobuf.dev/programming-guides/json/).
@Suite("Protobuf JSON mapping")
struct JSONMappingTests {
    @Test("Output uses lowerCamelCase names, int64 strings, uint32 numbers and enum names")
    func output() throws {
        var event = CommandEvent()
        event.interactionID = "1"
        event.guildLocale = "fr"
        event.version = 3
        event.options = ["b": "2", "a": "1"]
        event.response = CommandResponse(type: 4, flags: 0)
        #expect(try event.jsonString()
            == #"{"interactionId":"1","version":3,"options":{"a":"1","b":"2"},"guildLocale":"fr","#
            + #""response":{"type":4,"flags":0}}"#)

        var task = CodexTask()
        task.stage = .planning
        task.issueNumber = -7
        task.issuedAt = ProtobufTimestamp(seconds: 1_714_566_896, nanos: 500_000_000)
        task.planCommentID = 0
        #expect(try task.jsonString()
            == #"{"stage":"CODEX_TASK_STAGE_PLANNING","issueNumber":"-7","issuedAt":"2024-05-01T12:34:56.500Z","#
            + #""planCommentId":"0"}"#)
    }

    @Test("Default values are omitted; an all-default message is an empty object")
    func defaultsOmitted() throws {
        #expect(try CommandEvent().jsonString() == "{}")
        #expect(try CodexTask().jsonString() == "{}")
        var event = CommandEvent()
        event.user = DiscordUser()
        #expect(try event.jsonString() == #"{"user":{}}"#)
    }

    @Test("Input accepts lowerCamelCase and original snake_case names", arguments: [
        #"{"interactionId":"1","guildLocale":"fr","correlationId":"c"}"#,
        #"{"interaction_id":"1","guild_locale":"fr","correlation_id":"c"}"#,
    ])
    func acceptsBothNames(json: String) throws {
        let event = try CommandEvent(jsonString: json)
        #expect(event.interactionID == "1")
        #expect(event.guildLocale == "fr")
        #expect(event.correlationID == "c")
    }

    @Test("Integers are read from numbers or decimal strings", arguments: [
        #"{"issueNumber":"9007199254740993","planCommentId":-1}"#,
        #"{"issue_number":9007199254740993,"plan_comment_id":"-1"}"#,
    ])
    func integers(json: String) throws {
        let task = try CodexTask(jsonString: json)
        #expect(task.issueNumber == 9_007_199_254_740_993)
        #expect(task.planCommentID == -1)
        #expect(try CommandEvent(jsonString: #"{"version":"7"}"#).version == 7)
        #expect(try CommandEvent(jsonString: #"{"version":7.0}"#).version == 7)
    }

    @Test("Enums are read by name or number", arguments: [
        (#"{"stage":"CODEX_TASK_STAGE_REVIEW"}"#, CodexTaskStage.review),
        (#"{"stage":3}"#, .review),
        (#"{"stage":9}"#, .unrecognized(9)),
        (#"{"stage":null}"#, .unspecified),
    ])
    func enums(json: String, stage: CodexTaskStage) throws {
        #expect(try CodexTask(jsonString: json).stage == stage)
    }

    @Test("null reads as the default and clears presence")
    func nullIsDefault() throws {
        let json = #"{"command":null,"user":null,"options":null,"response":{"type":4,"flags":null}}"#
        let event = try CommandEvent(jsonString: json)
        #expect(event.command.isEmpty)
        #expect(event.user == nil)
        #expect(event.options.isEmpty)
        #expect(event.response == CommandResponse(type: 4))
    }

    @Test("Unknown JSON members are ignored")
    func unknownMembers() throws {
        let event = try CommandEvent(jsonString: #"{"bogus":[1,{"x":null}],"command":"plan","Command":5}"#)
        #expect(event.command == "plan")
    }

    @Test("Wrong types and values are rejected naming the field", arguments: [
        (#"{"command":5}"#, "facteur.v1.CommandEvent.command: expected a string, found a number"),
        (#"{"version":"abc"}"#, #"facteur.v1.CommandEvent.version: not a valid UInt32: "abc""#),
        (#"{"version":-1}"#, "facteur.v1.CommandEvent.version: not a valid UInt32: -1"),
        (#"{"version":4294967296}"#, "facteur.v1.CommandEvent.version: not a valid UInt32: 4294967296"),
        (#"{"version":1.5}"#, "facteur.v1.CommandEvent.version: not a valid UInt32: 1.5"),
        (#"{"version":true}"#, "facteur.v1.CommandEvent.version: expected an integer, found a boolean"),
        (#"{"options":[]}"#, "facteur.v1.CommandEvent.options: expected an object, found an array"),
        (#"{"options":{"a":1}}"#, "facteur.v1.CommandEvent.options: expected a string map value, found a number"),
        (#"{"member":{"roles":"x"}}"#, "facteur.v1.CommandEvent.member.roles: expected an array, found a string"),
        (#"{"member":{"roles":[null]}}"#, "facteur.v1.CommandEvent.member.roles: expected a string, found null"),
        (#"{"user":3}"#, "facteur.v1.CommandEvent.user: expected an object, found a number"),
        ("[]", "facteur.v1.CommandEvent: expected an object, found an array"),
    ])
    func rejectsCommandEvent(json: String, message: String) throws {
        let error = try #require(throws: ProtobufJSONError.self) { try CommandEvent(jsonString: json) }
        #expect(error.description == message)
    }

    @Test("Bad CodexTask values are rejected naming the field", arguments: [
        (#"{"stage":"NOPE"}"#, #"github.v1.CodexTask.stage: unknown enum value "NOPE""#),
        (#"{"issuedAt":"2024-13-01T00:00:00Z"}"#,
         #"github.v1.CodexTask.issued_at: not an RFC 3339 timestamp: "2024-13-01T00:00:00Z""#),
        (#"{"issuedAt":0}"#, "github.v1.CodexTask.issued_at: expected an RFC 3339 timestamp string, found a number"),
        (#"{"reviewContext":{"failingChecks":[{"name":1}]}}"#,
         "github.v1.CodexTask.review_context.failing_checks.name: expected a string, found a number"),
        (#"{"issueNumber":"9223372036854775808"}"#,
         #"github.v1.CodexTask.issue_number: not a valid Int64: "9223372036854775808""#),
    ])
    func rejectsCodexTask(json: String, message: String) throws {
        let error = try #require(throws: ProtobufJSONError.self) { try CodexTask(jsonString: json) }
        #expect(error.description == message)
    }

    @Test("Text that is not JSON is rejected", arguments: ["", "{", #"{"command":"plan",}"#, "nul"])
    func rejectsMalformedJSON(json: String) throws {
        let error = try #require(throws: ProtobufJSONError.self) { try CommandEvent(jsonString: json) }
        #expect(error.code == .invalidJSON)
    }

    @Test("A Timestamp outside years 1 to 9999 has no JSON form")
    func unrepresentableTimestamp() throws {
        var task = CodexTask()
        task.issuedAt = ProtobufTimestamp(seconds: ProtobufTimestamp.validSeconds.upperBound + 1)
        let error = try #require(throws: ProtobufJSONError.self) { try task.jsonString() }
        #expect(error.code == .unrepresentable)
        #expect(error.fieldName == "issued_at")
    }

    @Test("Strings with quotes, control characters and non-ASCII survive a round trip")
    func stringEscapes() throws {
        var event = CommandEvent()
        event.token = "a\"b\\c\n\t\u{0}\u{1F}é🚀"
        let json = try event.jsonString()
        #expect(json == #"{"token":"a\"b\\c\n\t\u0000\u001fé🚀"}"#)
        #expect(try CommandEvent(jsonString: json) == event)
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
    }
}
