import FacteurCommandLine
import FacteurConfig

/// `facteur config`: groups the commands that inspect configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Validate or print the effective configuration.",
        subcommands: [ValidateConfigCommand.self, PrintConfigCommand.self]
    )

    init(arguments: ParsedArguments) {}

    func run() async -> ExitCode { .usageError }
}

/// `facteur config validate`: every problem at once, exit 2 if there is any.
struct ValidateConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Load and validate the configuration; print every problem.",
        options: [ConfigurationSource.option]
    )

    var source: ConfigurationSource

    init(arguments: ParsedArguments) {
        source = ConfigurationSource(arguments: arguments)
    }

    func run() async -> ExitCode {
        guard source.load() != nil else { return .usageError }
        StandardStreams.writeOut("configuration is valid (\(source.describedLocation))")
        return .success
    }
}

/// `facteur config print`: the configuration facteur would run with, secrets redacted.
struct PrintConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print the effective configuration as YAML, with secrets redacted.",
        options: [ConfigurationSource.option]
    )

    var source: ConfigurationSource

    init(arguments: ParsedArguments) {
        source = ConfigurationSource(arguments: arguments)
    }

    func run() async -> ExitCode {
        guard let configuration = source.load() else { return .usageError }
        StandardStreams.writeOut(configuration.renderYAML())
        return .success
    }
}
