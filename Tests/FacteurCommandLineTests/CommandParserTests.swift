import FacteurCommandLine
import Testing

private struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool",
        abstract: "A tool.",
        subcommands: [Serve.self, Group.self]
    )

    init(arguments: ParsedArguments) {}

    func run() async -> ExitCode { .success }
}

private struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves.",
        options: [
            .option("config", placeholder: "PATH", help: "Configuration file."),
            .option("limit", placeholder: "N", help: "How many."),
            .flag("dry-run", help: "Change nothing."),
        ]
    )

    var config: String?
    var limit: Int?
    var isDryRun: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        config = arguments.value("config")
        limit = try arguments.positiveInteger("limit")
        isDryRun = arguments.isSet("dry-run")
    }

    func run() async -> ExitCode { .success }
}

private struct Group: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Groups.",
        subcommands: [Leaf.self]
    )

    init(arguments: ParsedArguments) {}

    func run() async -> ExitCode { .usageError }
}

private struct Leaf: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "leaf", abstract: "A leaf.")

    init(arguments: ParsedArguments) {}

    func run() async -> ExitCode { .success }
}

@Suite("Command-line parsing")
struct CommandParserTests {
    let parser = CommandParser(root: Root.self)

    @Test("Options take values in both spellings and flags stand alone")
    func parsesOptionsAndFlags() throws {
        for arguments in [["serve", "--config", "a.yaml", "--dry-run"], ["serve", "--config=a.yaml", "--dry-run"]] {
            guard case .run(let command) = parser.parse(arguments) else {
                Issue.record("expected a command for \(arguments)")
                continue
            }
            let serve = try #require(command as? Serve)
            #expect(serve.config == "a.yaml")
            #expect(serve.isDryRun)
            #expect(serve.limit == nil)
        }
    }

    @Test("Nested subcommands resolve to the leaf")
    func resolvesNestedSubcommands() {
        guard case .run(let command) = parser.parse(["group", "leaf"]) else {
            Issue.record("expected the leaf command")
            return
        }
        #expect(command is Leaf)
    }

    @Test("Help is available on every command and names its options", arguments: [
        ["--help"], ["serve", "--help"], ["group", "-h"], ["group", "leaf", "--help"],
    ])
    func helpEverywhere(arguments: [String]) {
        guard case .help(let text) = parser.parse(arguments) else {
            Issue.record("expected help for \(arguments)")
            return
        }
        #expect(text.contains("USAGE:"))
        #expect(text.contains("--help"))
        if arguments.first == "serve" {
            #expect(text.contains("--config PATH"))
            #expect(text.contains("--dry-run"))
        }
    }

    @Test("Bad command lines are usage errors that say what was wrong", arguments: [
        (["deploy"], "unknown command 'deploy'"),
        (["serve", "--colour"], "unknown option '--colour'"),
        (["serve", "--config"], "--config needs a value"),
        (["serve", "--dry-run=yes"], "--dry-run takes no value"),
        (["serve", "--limit", "zero"], "--limit takes a positive whole number"),
        (["serve", "--config", "a", "--config", "b"], "--config given more than once"),
        (["serve", "stray"], "unexpected argument 'stray'"),
        (["group"], "'tool group' needs a subcommand"),
        ([], "'tool' needs a subcommand"),
    ])
    func usageErrors(arguments: [String], expected: String) {
        guard case .usageError(let error, let usage) = parser.parse(arguments) else {
            Issue.record("expected a usage error for \(arguments)")
            return
        }
        #expect(error.message.contains(expected))
        #expect(usage.contains("USAGE:"))
    }

    @Test("Exit codes follow the SPEC: 0 success, 1 failure, 2 usage")
    func exitCodes() {
        #expect(ExitCode.success.rawValue == 0)
        #expect(ExitCode.failure.rawValue == 1)
        #expect(ExitCode.usageError.rawValue == 2)
    }
}
