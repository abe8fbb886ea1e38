import FacteurCommandLine
import FacteurConfig
import FacteurHTTP
import FacteurLogging
import FacteurTelemetry
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
        let readiness = Readiness()
        let telemetry = Telemetry.make(
            environment: source.environment,
            serviceVersion: BuildInfo.version,
            logger: logger.labelled("facteur.telemetry")
        )
        let service: HTTPService
        do {
            let components = try ServiceComponents.make(
                configuration: configuration,
                readiness: readiness,
                tracer: telemetry.tracer,
                logger: logger
            )
            service = HTTPService(
                configuration: configuration,
                components: components,
                readiness: readiness,
                telemetry: telemetry,
                logger: logger
            )
            try await service.start()
        } catch {
            logger.error("facteur could not start", metadata: ["error.message": "\(error)"])
            await telemetry.shutdown(timeout: .seconds(1))
            return .failure
        }

        if let signal = await signals.next() {
            logger.info("shutdown requested", metadata: ["signal": "\(TerminationSignals.name(of: signal))"])
        }
        let deadline = ContinuousClock.now + configuration.server.shutdownTimeout
        await service.shutdown()

        // Telemetry gets what is left of the one shutdown budget, and at least a second
        // so the final batch has a chance even after a slow drain.
        await telemetry.shutdown(timeout: max(deadline - ContinuousClock.now, .seconds(1)))
        logger.info("telemetry flushed", metadata: [
            "facteur.telemetry.spans_dropped": "\(telemetry.droppedSpanCount)",
            "facteur.telemetry.spans_failed": "\(telemetry.failedSpanCount)",
            "facteur.telemetry.logs_dropped": "\(telemetry.droppedLogRecordCount)",
        ])
        return .success
    }
}
