import FacteurContracts
import Foundation

/// A few valid messages in both encodings, so the fuzzer starts from inputs that reach deep
/// into the decoders instead of discovering the tag layout from scratch.
enum Seeds {
    /// Writes each seed as its own file in `directory`.
    static func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (index, seed) in try all().enumerated() {
            try Data(seed).write(to: directory.appendingPathComponent("seed-\(index)"))
        }
    }

    private static func all() throws -> [[UInt8]] {
        var event = CommandEvent()
        event.provider = "discord"
        event.interactionID = "1234567890123456789"
        event.command = "review"
        event.version = 1
        event.options = ["project": "facteur", "artifact": "build-7", "deadline": "2024-06-01"]
        event.user = DiscordUser(id: "42", username: "ada", globalName: "Ada")
        event.member = DiscordMember(id: "42", roles: ["100000000000000001", "100000000000000002"])
        event.response = CommandResponse(type: 5, flags: 64)
        event.timestamp = "2024-05-01T12:34:56Z"
        event.correlationID = "corr-1"

        var task = CodexTask()
        task.stage = .review
        task.repository = "acme/widgets"
        task.issueNumber = -1
        task.issuedAt = ProtobufTimestamp(seconds: 1_714_566_896, nanos: 5_000)
        task.planCommentID = 7
        task.deliveryID = "d-1"
        var context = CodexReviewContext()
        context.summary = "s"
        context.reviewThreads = [CodexReviewThread(summary: "t", url: "u", author: "a")]
        context.failingChecks = [CodexFailingCheck(name: "ci", conclusion: "failure")]
        context.additionalNotes = ["n"]
        task.reviewContext = context

        return [
            event.serializedBytes(),
            Array(try event.jsonUTF8Data()),
            task.serializedBytes(),
            Array(try task.jsonUTF8Data()),
            Array(#"{"interaction_id":"1","options":{"a":"b"},"response":{"type":4,"flags":null}}"#.utf8),
            Array(#"{"stage":2,"issueNumber":5,"issuedAt":"1970-01-01T00:00:00.5+01:00"}"#.utf8),
        ]
    }
}
