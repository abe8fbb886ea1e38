import FacteurCommandLine
import FacteurConfig
import FacteurHTTP
import FacteurLogging
import Foundation

/// `facteur serve`: the HTTP service, until SIGINT or SIGTERM.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service.",
        options: [ConfigurationSource.option]
    )

    var source: ConfigurationSource

    init(arguments: ParsedArguments) {
        source = ConfigurationSource(arguments: arguments)
    }

    func run() async -> ExitCode {
        let logging = LoggingEnvironment(environment: source.environment)
        let logger = logging.makeLogger(label: "facteur")
        for problem in logging.problems {
            logger.warning("logging variable ignored", metadata: ["error.message": "\(problem)"])
        }
        guard let configuration = source.load() else { return .usageError }

        let signals = TerminationSignals()
        let service = HTTPService(configuration: configuration, logger: logger)
        do {
            try await service.start()
        } catch {
            logger.error("facteur could not start", metadata: ["error.message": "\(error)"])
            return .failure
        }

        if let signal = await signals.next() {
            logger.info("shutdown requested", metadata: ["signal": "\(TerminationSignals.name(of: signal))"])
        }
        await service.shutdown()
        return .success
    }
}
