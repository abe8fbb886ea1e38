import FacteurLogging

/// Queues ended spans for an exporter in the background; `onEnd` only enqueues, so ending a
/// span costs a lock and an append whatever the collector is doing.
public final class BatchSpanProcessor: SpanProcessor {
    private let queue: BatchExportQueue<SpanData>

    /// Creates the processor and starts its background export task.
    public init(
        exporter: any SpanExporter,
        configuration: BatchExportQueue<SpanData>.Configuration = .init(),
        clock: any TelemetryClock = SystemTelemetryClock(),
        logger: Logger = .disabled
    ) {
        queue = BatchExportQueue(configuration: configuration, clock: clock) { spans in
            do throws(TelemetryError) {
                try await exporter.export(spans)
            } catch {
                logger.warning("span export failed; spans dropped", metadata: [
                    "error.type": "\(error.code)",
                    "error.message": "\(error.message)",
                    "facteur.telemetry.dropped": .int(spans.count),
                ])
            }
        }
    }

    public func onEnd(_ span: SpanData) {
        queue.enqueue(span)
    }

    /// Spans refused because the queue was full (SPEC section 7: a full queue drops and counts).
    public var droppedSpanCount: Int { queue.droppedItemCount }

    /// Spans waiting for export; bounded by the queue size.
    public var queuedSpanCount: Int { queue.queuedItemCount }

    /// Exports what is queued, waiting at most `timeout`.
    @discardableResult
    public func forceFlush(timeout: Duration) async -> Bool {
        await queue.forceFlush(timeout: timeout)
    }

    /// Flushes within `timeout` and stops.
    @discardableResult
    public func shutdown(timeout: Duration) async -> Bool {
        await queue.shutdown(timeout: timeout)
    }
}
