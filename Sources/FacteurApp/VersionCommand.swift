import FacteurCommandLine

/// `facteur version`: what was built, from which commit.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version and the commit facteur was built from."
    )

    init(arguments: ParsedArguments) {}

    func run() async -> ExitCode {
        StandardStreams.writeOut("facteur \(BuildInfo.version) (commit \(BuildInfo.commit))")
        return .success
    }
}
