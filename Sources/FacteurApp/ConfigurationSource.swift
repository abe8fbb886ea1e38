import FacteurCommandLine
import FacteurConfig
import Foundation

/// Where a command's configuration comes from: `--config`, else `FACTEUR_CONFIG_FILE`,
/// else the environment alone (SPEC section 1).
struct ConfigurationSource: Sendable {
    static let option = OptionDefinition.option(
        "config",
        placeholder: "PATH",
        help: "Configuration file (default: $FACTEUR_CONFIG_FILE, else environment variables only)."
    )

    var path: String?
    var environment: [String: String]

    init(arguments: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.path = arguments.value("config")
        self.environment = environment
    }

    var describedLocation: String {
        if let path { return path }
        if let path = environment["FACTEUR_CONFIG_FILE"], !path.isEmpty { return path }
        return "environment only"
    }

    /// Loads and validates; on failure prints every problem to standard error and
    /// returns nil, so the caller exits with the configuration error code.
    func load() -> Configuration? {
        do {
            return try ConfigurationLoader(environment: environment).load(path: path)
        } catch {
            var lines = ["Error: invalid configuration (\(describedLocation)):"]
            lines += error.problems.map { "  - \($0)" }
            StandardStreams.writeError(lines.joined(separator: "\n"))
            return nil
        }
    }
}
