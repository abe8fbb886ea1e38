import FacteurContracts
import Foundation

/// CommandEvents and CodexTasks as a publisher would send them, each with a fresh identity
/// unless the test pins one.
enum EventSamples {
    /// The events' RFC 3339 time, and how it appears in Workflow names (SPEC section 6).
    static let timestamp = "2026-12-03T14:05:09Z"
    static let nameTime = "20261203-140509"

    static let userID = "111111111111111111"
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"

    /// A fresh interaction ID shaped like a Discord snowflake.
    static func interactionID() -> String {
        String(UInt64.random(in: 1_000_000_000_000_000_000...9_999_999_999_999_999_999))
    }

    static func event(
        command: String,
        options: [String: String] = [:],
        interactionID: String = interactionID(),
        userID: String = userID,
        roles: [String] = [],
        correlationID: String = "",
        traceID: String = traceID
    ) -> CommandEvent {
        var event = CommandEvent()
        event.provider = "discord"
        event.interactionID = interactionID
        event.applicationID = "123456789012345678"
        event.command = command
        event.commandID = "333333333333333333"
        event.version = 1
        event.token = "interaction-token-\(interactionID)"
        event.options = options
        event.guildID = "444444444444444444"
        event.channelID = "555555555555555555"
        event.member = DiscordMember(id: userID, roles: roles)
        event.locale = "en-GB"
        event.timestamp = timestamp
        event.correlationID = correlationID
        event.traceID = traceID
        return event
    }

    static func codexTask(deliveryID: String) -> CodexTask {
        var task = CodexTask()
        task.stage = .planning
        task.prompt = "Plan the end-to-end tests"
        task.repository = "example/facteur"
        task.base = "main"
        task.head = "codex/e2e"
        task.issueNumber = 4
        task.issueURL = "https://github.com/example/facteur/issues/4"
        task.issueTitle = "The command pipeline"
        task.sender = "octocat"
        task.deliveryID = deliveryID
        return task
    }
}

/// A command the tests dispatch, with the options it is sent with and what the Workflow
/// should then carry.
struct CommandCase: Sendable, CustomStringConvertible {
    var command: String
    var options: [String: String]
    var roles: [String] = []
    /// The option whose text becomes the payload's `prompt`.
    var promptOption: String?

    var description: String { command }

    static let plan = CommandCase(
        command: "plan",
        options: ["objective": "Draft the end-to-end plan", "project": "facteur"],
        promptOption: "objective"
    )

    static let implement = CommandCase(
        command: "implement",
        options: ["project": "facteur", "branch": "feature/e2e", "ticket": "FAC-4", "notes": "Wire the tests"],
        roles: [EventsEnvironment.implementerRole],
        promptOption: "notes"
    )

    static let review = CommandCase(
        command: "review",
        options: [
            "project": "facteur",
            "artifact": "https://github.com/example/facteur/pull/4",
            "notes": "Look at the retries",
            "deadline": "2026-12-10",
        ],
        promptOption: "notes"
    )

    static let dispatching = [plan, implement, review]

    func event(interactionID: String = EventSamples.interactionID(), correlationID: String = "") -> CommandEvent {
        EventSamples.event(
            command: command,
            options: options,
            interactionID: interactionID,
            roles: roles,
            correlationID: correlationID
        )
    }
}
