/// Renders help from a command's declaration.
enum HelpFormatter {
    static func help(for command: any ParsableCommand.Type, path: [String]) -> String {
        let configuration = command.configuration
        let name = path.joined(separator: " ")
        var lines = ["OVERVIEW: \(configuration.abstract)", ""]

        if let discussion = configuration.discussion {
            lines += [discussion, ""]
        }

        if configuration.subcommands.isEmpty {
            let synopsis = configuration.options.map { "[\($0.synopsis)]" }
            lines += ["USAGE: " + ([name] + synopsis).joined(separator: " "), ""]
        } else {
            lines += ["USAGE: \(name) <subcommand>", ""]
        }

        let helpRow = ("-h, --help", "Show help information.")
        let optionRows = configuration.options.map { ($0.synopsis, $0.help) } + [helpRow]
        lines.append("OPTIONS:")
        lines += table(optionRows)

        if !configuration.subcommands.isEmpty {
            lines += ["", "SUBCOMMANDS:"]
            lines += table(configuration.subcommands.map { ($0.configuration.commandName, $0.configuration.abstract) })
            lines += ["", "  See '\(name) <subcommand> --help' for detailed help."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func table(_ rows: [(String, String)]) -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { left, right in
            "  " + left + String(repeating: " ", count: width - left.count + 2) + right
        }
    }
}
