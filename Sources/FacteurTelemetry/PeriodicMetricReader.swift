import FacteurLogging

/// Collects a meter every `OTEL_METRIC_EXPORT_INTERVAL` and exports the cumulative values
/// from a background task; a slow collector delays the next export, never the instruments.
public final class PeriodicMetricReader: Sendable {
    private let meter: Meter
    private let exporter: any MetricExporter
    private let clock: any TelemetryClock
    private let logger: Logger
    private let task: Task<Void, Never>

    /// Starts exporting every `interval`.
    public init(
        meter: Meter,
        exporter: any MetricExporter,
        interval: Duration,
        clock: any TelemetryClock = SystemTelemetryClock(),
        logger: Logger = .disabled
    ) {
        self.meter = meter
        self.exporter = exporter
        self.clock = clock
        self.logger = logger
        task = Task {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(for: interval)
                } catch {
                    return
                }
                await Self.export(meter: meter, exporter: exporter, logger: logger)
            }
        }
    }

    deinit {
        task.cancel()
    }

    /// Exports the current values now, waiting at most `timeout`.
    @discardableResult
    public func forceFlush(timeout: Duration) async -> Bool {
        let meter = self.meter
        let exporter = self.exporter
        let logger = self.logger
        return await Completion.run(timeout: timeout, clock: clock) {
            await Self.export(meter: meter, exporter: exporter, logger: logger)
        }
    }

    /// Stops the timer and exports a last time within `timeout`.
    @discardableResult
    public func shutdown(timeout: Duration) async -> Bool {
        task.cancel()
        return await forceFlush(timeout: timeout)
    }

    private static func export(meter: Meter, exporter: any MetricExporter, logger: Logger) async {
        do throws(TelemetryError) {
            try await exporter.export(meter.collect())
        } catch {
            logger.warning("metric export failed", metadata: [
                "error.type": "\(error.code)",
                "error.message": "\(error.message)",
            ])
        }
    }
}
