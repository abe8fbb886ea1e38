import FacteurCommandLine
import Foundation

/// The process entry point: parses `argv`, runs the chosen command, and maps the outcome
/// to SPEC section 1's exit codes.
public enum FacteurMain {
    public static func run(arguments: [String]) async -> Int32 {
        switch CommandParser(root: FacteurCommand.self).parse(arguments) {
        case .help(let text):
            StandardStreams.writeOut(text)
            return ExitCode.success.rawValue

        case .usageError(let error, let usage):
            StandardStreams.writeError("Error: \(error.message)\n\n\(usage)")
            return ExitCode.usageError.rawValue

        case .run(let command):
            return await command.run().rawValue
        }
    }
}

/// The root `facteur` command; it only groups the others.
struct FacteurCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facteur",
        abstract: "Turns Discord slash commands into Argo Workflows runs.",
        subcommands: [
            ServeCommand.self,
            ConfigCommand.self,
            VersionCommand.self,
        ]
    )

    init(arguments: ParsedArguments) {}

    func run() async -> ExitCode { .usageError }
}

/// Writes to the standard streams without Foundation's buffering, so output is complete
/// even when the process exits right after.
enum StandardStreams {
    static func writeOut(_ text: String) { write(text, to: 1) }

    static func writeError(_ text: String) { write(text, to: 2) }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        if bytes.last != UInt8(ascii: "\n") {
            bytes.append(UInt8(ascii: "\n"))
        }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
