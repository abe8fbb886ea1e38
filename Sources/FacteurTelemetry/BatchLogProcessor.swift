import FacteurLogging

/// Queues log records for the OTLP logs exporter with the same bounds as spans: the
/// logging thread only enqueues, and a full queue drops and counts.
public final class BatchLogProcessor: Sendable {
    private let queue: BatchExportQueue<LogRecordData>
    private let clock: any TelemetryClock

    /// Records from loggers whose label starts with this are not exported, so an exporter
    /// warning about a failed export cannot feed the queue it failed to drain.
    public static let ownLoggerPrefix = "facteur.telemetry"

    /// Creates the processor and starts its background export task.
    public init(
        exporter: any LogRecordExporter,
        configuration: BatchExportQueue<LogRecordData>.Configuration = .init(),
        clock: any TelemetryClock = SystemTelemetryClock()
    ) {
        self.clock = clock
        queue = BatchExportQueue(configuration: configuration, clock: clock) { records in
            // A failed log export is not logged: that line would be exported in turn.
            try? await exporter.export(records)
        }
    }

    /// A `LogSink` record observer that queues each record with the current span's context.
    public var recordObserver: LogSink.RecordObserver {
        { [queue, clock] record in
            guard !record.label.hasPrefix(Self.ownLoggerPrefix) else { return }
            queue.enqueue(LogRecordData(
                record,
                spanContext: Span.current?.context,
                observedTimeUnixNano: clock.unixNanoseconds()
            ))
        }
    }

    /// Records refused because the queue was full.
    public var droppedRecordCount: Int { queue.droppedItemCount }

    @discardableResult
    /// Exports what is queued, waiting at most `timeout`.
    public func forceFlush(timeout: Duration) async -> Bool {
        await queue.forceFlush(timeout: timeout)
    }

    @discardableResult
    /// Flushes within `timeout` and stops; later records are dropped.
    public func shutdown(timeout: Duration) async -> Bool {
        await queue.shutdown(timeout: timeout)
    }
}
