import FacteurConfig
import FacteurHTTP
import FacteurLogging
import FacteurTelemetry

/// The HTTP side of `facteur serve`: routes wired to their components, and the listener
/// started and drained in step with the process lifecycle.
final class HTTPService: Sendable {
    let configuration: Configuration
    let components: ServiceComponents
    private let server: HTTPServer
    private let logger: Logger

    init(
        configuration: Configuration,
        components: ServiceComponents,
        readiness: Readiness,
        telemetry: Telemetry,
        logger: Logger
    ) {
        self.configuration = configuration
        self.components = components
        self.logger = logger

        var router = Router()
        ServiceRoutes.install(in: &router, readiness: readiness)
        router.get("/metrics") { _ in
            HTTPResponse(
                status: .ok,
                headers: ["Content-Type": PrometheusRenderer.contentType],
                body: Array((telemetry.prometheusText() + TelemetryHealth.prometheusText(telemetry)).utf8)
            )
        }
        EventRoutes(
            pipeline: components.pipeline,
            codexIntake: components.codexIntake,
            telemetry: telemetry,
            logger: logger.labelled("facteur.events")
        ).install(in: &router)
        HTTPTracing.install(on: &router, tracer: telemetry.tracer)

        let address = configuration.server.listenAddress
        server = HTTPServer(
            configuration: HTTPServer.Configuration(
                host: address.host,
                port: Int(address.port),
                maxBodyBytes: configuration.server.maxBodyBytes
            ),
            router: router,
            logger: logger.labelled("facteur.http")
        )
    }

    /// Binds the listener; failures (port taken, bad host) propagate so the process exits 1.
    func start() async throws {
        let port = try await server.start()
        logger.info("facteur listening", metadata: [
            "server.address": "\(configuration.server.listenAddress.host ?? "*")",
            "server.port": "\(port)",
            "service.version": "\(BuildInfo.version)",
            "vcs.commit": "\(BuildInfo.commit)",
        ])
    }

    /// Stops intake and drains in-flight requests within `server.shutdown_timeout`.
    func shutdown() async {
        await server.shutdown(timeout: configuration.server.shutdownTimeout)
        await components.shutdown()
        logger.info("facteur stopped")
    }
}
