/// The slash commands facteur serves (SPEC section 4) and what each requires.
public struct CommandDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    public var requiredOptions: [String]
    public var optionalOptions: [String]
    /// The option whose text becomes the `prompt` field of the payload, if any.
    public var promptOption: String?
    /// Whether the command starts a Workflow; `status` only reports.
    public var startsWorkflow: Bool

    public var allOptions: [String] { requiredOptions + optionalOptions }
}

/// Looks commands up by name and checks their options before anything is dispatched.
public enum CommandCatalogue {
    public static let plan = CommandDefinition(
        name: "plan",
        description: "Ask for a plan",
        requiredOptions: ["objective"],
        optionalOptions: ["project"],
        promptOption: "objective",
        startsWorkflow: true
    )

    public static let implement = CommandDefinition(
        name: "implement",
        description: "Start an implementation run",
        requiredOptions: ["project", "branch"],
        optionalOptions: ["ticket", "notes"],
        promptOption: "notes",
        startsWorkflow: true
    )

    public static let review = CommandDefinition(
        name: "review",
        description: "Request a review",
        requiredOptions: ["project", "artifact"],
        optionalOptions: ["notes", "deadline"],
        promptOption: "notes",
        startsWorkflow: true
    )

    public static let status = CommandDefinition(
        name: "status",
        description: "Report whether facteur can dispatch, and your last request",
        requiredOptions: [],
        optionalOptions: [],
        promptOption: nil,
        startsWorkflow: false
    )

    public static let all = [plan, implement, review, status]

    public static func definition(named name: String) -> CommandDefinition? {
        all.first { $0.name == name }
    }

    /// The refusal of a command facteur does not know; the text names the known ones.
    public static func unknownCommand(_ name: String) -> CommandRejection {
        let known = all.map(\.name).joined(separator: ", ")
        return CommandRejection(reason: .unknownCommand, message: "unknown command `\(name)`; facteur knows \(known)")
    }

    /// Checks the invocation's options against its definition; the text is what the user and
    /// the 422 body see, so it names the command and the option.
    public static func checkOptions(
        of invocation: CommandInvocation,
        against definition: CommandDefinition
    ) -> CommandRejection? {
        let missing = definition.requiredOptions.filter { (invocation.options[$0] ?? "").isBlank }
        guard missing.isEmpty else {
            let names = missing.map { "`\($0)`" }.joined(separator: ", ")
            return CommandRejection(
                reason: .missingOption,
                message: "`\(definition.name)` needs the option\(missing.count > 1 ? "s" : "") \(names)"
            )
        }

        if definition.name == review.name, let deadline = invocation.options["deadline"], !deadline.isBlank,
           !ISODate.isValid(deadline) {
            return CommandRejection(
                reason: .invalidOption,
                message: "`review` option `deadline` must be an ISO 8601 date (YYYY-MM-DD), got `\(deadline)`"
            )
        }
        return nil
    }
}

/// Why a command was refused before dispatch; always final (HTTP 422, never retried).
public struct CommandRejection: Error, Sendable, Equatable {
    public enum Reason: String, Sendable {
        case unknownCommand = "unknown command"
        case missingOption = "missing required option"
        case invalidOption = "invalid option"
        case missingUser = "missing user"
    }

    public var reason: Reason
    public var message: String
}

extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}

/// Calendar dates in ISO 8601's extended form, as Discord users type them.
enum ISODate {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
