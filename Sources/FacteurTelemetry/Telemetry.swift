import FacteurHTTPClient
import FacteurLogging
import Foundation

/// Everything the app needs for SPEC section 7 in one value: the tracer, the meter with the
/// four `facteur_command_events_*` instruments, `/metrics` text, the log hooks, and one
/// `shutdown` that flushes every signal within the drain time.
public final class Telemetry: Sendable {
    /// The instrumentation scope of facteur's own spans and metrics.
    public static let scopeName = "facteur"

    /// The metric attribute naming the command (SPEC section 7).
    public static let commandAttribute = "command"

    /// The settings read from the environment, problems included.
    public let configuration: TelemetryConfiguration
    /// Hands out tracers for other scopes, such as `facteur.kubernetes`.
    public let tracerProvider: TracerProvider
    /// The tracer of facteur's own spans.
    public let tracer: Tracer
    /// The meter the command instruments belong to; more can be made on it.
    public let meter: Meter

    /// `facteur_command_events_processed_total`: events handled to completion.
    public let commandEventsProcessed: Counter<Int>
    /// `facteur_command_events_failed_total`: events whose handling failed.
    public let commandEventsFailed: Counter<Int>
    /// `facteur_command_events_dlq_total`: events sent to the dead-letter queue.
    public let commandEventsDeadLettered: Counter<Int>
    /// `facteur_command_events_duration_ms`: handling time in milliseconds.
    public let commandEventDuration: Histogram

    private let metricReader: PeriodicMetricReader?
    private let logProcessor: BatchLogProcessor?
    private let httpClient: HTTPClient?
    private let clock: any TelemetryClock

    private init(
        configuration: TelemetryConfiguration,
        tracerProvider: TracerProvider,
        meter: Meter,
        metricReader: PeriodicMetricReader?,
        logProcessor: BatchLogProcessor?,
        httpClient: HTTPClient?,
        clock: any TelemetryClock
    ) {
        self.configuration = configuration
        self.tracerProvider = tracerProvider
        self.tracer = tracerProvider.tracer(name: Self.scopeName)
        self.meter = meter
        self.metricReader = metricReader
        self.logProcessor = logProcessor
        self.httpClient = httpClient
        self.clock = clock
        commandEventsProcessed = meter.makeCounter(
            name: "facteur_command_events_processed_total",
            description: "Command events processed."
        )
        commandEventsFailed = meter.makeCounter(
            name: "facteur_command_events_failed_total",
            description: "Command events whose processing failed."
        )
        commandEventsDeadLettered = meter.makeCounter(
            name: "facteur_command_events_dlq_total",
            description: "Command events sent to the dead-letter queue."
        )
        commandEventDuration = meter.makeHistogram(
            name: "facteur_command_events_duration_ms",
            unit: "ms",
            description: "Time to process one command event, in milliseconds."
        )
    }

    /// Reads the OpenTelemetry variables from `environment` and starts the exporters that
    /// have an endpoint. Problems are logged as warnings, each naming its variable, and the
    /// default stands in: a telemetry typo never stops the service.
    ///
    /// It installs `trace_id`/`span_id` metadata on `logger.sink`, and, when a logs
    /// endpoint is set, forwards that sink's records to the OTLP logs exporter.
    ///
    /// - Parameters:
    ///   - transport: the HTTP client exporters post through; nil creates one.
    ///   - batching: queue limits for spans and log records.
    public static func make(
        environment: [String: String],
        serviceVersion: String,
        logger: Logger,
        clock: any TelemetryClock = SystemTelemetryClock(),
        transport: (any OTLPHTTPTransport)? = nil,
        batching: BatchExportQueue<SpanData>.Configuration = .init(),
        retryPolicy: OTLPHTTPExporter.RetryPolicy = .init()
    ) -> Telemetry {
        var configuration = TelemetryConfiguration(environment: environment, serviceVersion: serviceVersion)
        let ownLogger = logger.labelled(BatchLogProcessor.ownLoggerPrefix)

        var httpClient: HTTPClient?
        var resolvedTransport = transport
        let hasEndpoint = configuration.traces != nil || configuration.metrics != nil || configuration.logs != nil
        if resolvedTransport == nil, hasEndpoint {
            do throws(HTTPClientError) {
                let client = try HTTPClient(configuration: HTTPClientConfiguration(userAgent: "facteur-otlp"))
                httpClient = client
                resolvedTransport = client
            } catch {
                configuration.problems.append("OTEL_EXPORTER_OTLP_ENDPOINT: no HTTP client (\(error.code))")
                configuration.traces = nil
                configuration.metrics = nil
                configuration.logs = nil
            }
        }
        func exporter(_ endpoint: TelemetryConfiguration.Endpoint?) -> OTLPHTTPExporter? {
            guard let endpoint, let resolvedTransport else { return nil }
            return OTLPHTTPExporter(
                endpoint: endpoint,
                resource: configuration.resource,
                transport: resolvedTransport,
                clock: clock,
                retryPolicy: retryPolicy
            )
        }

        let spanProcessor = exporter(configuration.traces).map {
            BatchSpanProcessor(exporter: $0, configuration: batching, clock: clock, logger: ownLogger)
        }
        let meter = Meter(scope: InstrumentationScope(name: scopeName, version: serviceVersion), clock: clock)
        let metricReader = exporter(configuration.metrics).map {
            PeriodicMetricReader(
                meter: meter,
                exporter: $0,
                interval: configuration.metricExportInterval,
                clock: clock,
                logger: ownLogger
            )
        }
        let logProcessor = exporter(configuration.logs).map {
            BatchLogProcessor(
                exporter: $0,
                configuration: .init(
                    maximumQueueSize: batching.maximumQueueSize,
                    maximumBatchSize: batching.maximumBatchSize,
                    scheduledDelay: batching.scheduledDelay
                ),
                clock: clock
            )
        }

        logger.sink.setMetadataProvider(LogCorrelation.metadataProvider)
        if let logProcessor {
            logger.sink.setRecordObserver(logProcessor.recordObserver)
        }
        for problem in configuration.problems {
            ownLogger.warning("telemetry setting ignored", metadata: ["facteur.problem": "\(problem)"])
        }
        ownLogger.info("telemetry configured", metadata: [
            "facteur.telemetry.disabled": .bool(configuration.isDisabled),
            "facteur.telemetry.traces": "\(displayURL(configuration.traces))",
            "facteur.telemetry.metrics": "\(displayURL(configuration.metrics))",
            "facteur.telemetry.logs": "\(displayURL(configuration.logs))",
        ])

        return Telemetry(
            configuration: configuration,
            tracerProvider: TracerProvider(processor: spanProcessor, clock: clock),
            meter: meter,
            metricReader: metricReader,
            logProcessor: logProcessor,
            httpClient: httpClient,
            clock: clock
        )
    }

    /// An endpoint for the log line: without user info or query, which may hold credentials.
    private static func displayURL(_ endpoint: TelemetryConfiguration.Endpoint?) -> String {
        guard let endpoint else { return "off" }
        guard var components = URLComponents(string: endpoint.url) else { return "<unparsable URL>" }
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? "<unparsable URL>"
    }

    /// Problems found in the variables, each naming its variable.
    public var problems: [String] { configuration.problems }

    /// Spans dropped because the export queue was full.
    public var droppedSpanCount: Int { tracerProvider.processor?.droppedSpanCount ?? 0 }

    /// Spans dropped because the collector refused or could not be reached after retries.
    public var failedSpanCount: Int { tracerProvider.processor?.failedSpanCount ?? 0 }

    /// Log records dropped because the export queue was full.
    public var droppedLogRecordCount: Int { logProcessor?.droppedRecordCount ?? 0 }

    /// The `command` attribute set the four command-event instruments are recorded with.
    public static func commandAttributes(_ command: String) -> Attributes {
        [commandAttribute: .string(command)]
    }

    /// The body of `GET /metrics`: the same instruments, in Prometheus text format.
    public func prometheusText() -> String {
        PrometheusRenderer.render(meter.collect())
    }

    /// Exports what every signal holds now, all within `timeout`.
    public func forceFlush(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.tracerProvider.forceFlush(timeout: timeout) }
            group.addTask { await self.metricReader?.forceFlush(timeout: timeout) }
            group.addTask { await self.logProcessor?.forceFlush(timeout: timeout) }
        }
    }

    /// Flushes every signal and stops the exporters, all within `timeout` (SPEC section 6
    /// shutdown budget); data not sent by then is dropped.
    public func shutdown(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.tracerProvider.shutdown(timeout: timeout) }
            group.addTask { await self.metricReader?.shutdown(timeout: timeout) }
            group.addTask { await self.logProcessor?.shutdown(timeout: timeout) }
        }
        await httpClient?.shutdown()
    }
}
