/// A command the parser can build and run, shaped like swift-argument-parser's: the type
/// declares its options once, the parser validates input against that declaration, and
/// help text comes from the same declaration so the two never disagree.
public protocol ParsableCommand: Sendable {
    /// Name, abstract, options and subcommands of this command.
    static var configuration: CommandConfiguration { get }

    /// Builds the command from parsed arguments; throw `UsageError` for values the
    /// declaration could not rule out (a malformed number, say).
    init(arguments: ParsedArguments) throws(UsageError)

    /// Does the command's work and says how the process should exit.
    func run() async -> ExitCode
}

/// Everything the parser needs to know about one command.
public struct CommandConfiguration: Sendable {
    public var commandName: String
    public var abstract: String
    public var discussion: String?
    public var options: [OptionDefinition]

    /// Subcommands; a command with subcommands and no work of its own is a group.
    public var subcommands: [any ParsableCommand.Type]

    public init(
        commandName: String,
        abstract: String,
        discussion: String? = nil,
        options: [OptionDefinition] = [],
        subcommands: [any ParsableCommand.Type] = []
    ) {
        self.commandName = commandName
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.subcommands = subcommands
    }
}

/// The conventional process exit codes of SPEC section 1.
public struct ExitCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let success = ExitCode(rawValue: 0)
    public static let failure = ExitCode(rawValue: 1)
    public static let usageError = ExitCode(rawValue: 2)
}

/// A command line the declaration does not allow; printed as `Error: …` with the usage.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
