/// Turns `argv` into a runnable command, help text, or a usage error.
public struct CommandParser: Sendable {
    /// What the command line asked for.
    public enum Outcome: Sendable {
        case run(any ParsableCommand)
        /// `--help` was asked for: print to standard output, exit 0.
        case help(String)
        /// The command line was wrong: print `Error: …` and the usage to standard error, exit 2.
        case usageError(UsageError, usage: String)
    }

    private let root: any ParsableCommand.Type

    public init(root: any ParsableCommand.Type) {
        self.root = root
    }

    /// Parses the arguments that follow the program name.
    public func parse(_ arguments: [String]) -> Outcome {
        var command = root
        var path = [root.configuration.commandName]
        var remaining = arguments[...]

        while let next = remaining.first, !next.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { break }
            guard let match = subcommands.first(where: { $0.configuration.commandName == next }) else {
                return .usageError(
                    UsageError("unknown command '\(next)' for '\(path.joined(separator: " "))'"),
                    usage: HelpFormatter.help(for: command, path: path)
                )
            }
            command = match
            path.append(next)
            remaining = remaining.dropFirst()
        }

        let help = HelpFormatter.help(for: command, path: path)
        if remaining.contains("--help") || remaining.contains("-h") {
            return .help(help)
        }
        if !command.configuration.subcommands.isEmpty {
            let message = remaining.first.map { "unknown option '\($0)'" }
                ?? "'\(path.joined(separator: " "))' needs a subcommand"
            return .usageError(UsageError(message), usage: help)
        }

        do {
            let parsed = try Self.parseOptions(Array(remaining), for: command.configuration)
            return .run(try command.init(arguments: parsed))
        } catch {
            return .usageError(error, usage: help)
        }
    }

    static func parseOptions(
        _ arguments: [String],
        for configuration: CommandConfiguration
    ) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw UsageError("unexpected argument '\(argument)'")
            }

            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inlineValue = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            guard let definition = configuration.options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '--\(name)'")
            }

            switch definition.kind {
            case .flag:
                guard inlineValue == nil else {
                    throw UsageError("--\(name) takes no value")
                }
                parsed.flags.insert(name)

            case .value(let placeholder):
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError("--\(name) needs a value (\(placeholder))")
                }
                guard parsed.values[name] == nil else {
                    throw UsageError("--\(name) given more than once")
                }
                parsed.values[name] = value
            }
        }
        return parsed
    }
}
