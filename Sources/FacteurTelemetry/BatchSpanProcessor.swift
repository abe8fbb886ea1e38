import FacteurLogging
import Synchronization

/// Queues ended spans for an exporter in the background; `onEnd` only enqueues, so ending a
/// span costs a lock and an append whatever the collector is doing.
public final class BatchSpanProcessor: SpanProcessor {
    private let queue: BatchExportQueue<SpanData>
    private let failedSpans: FailureCount

    /// Creates the processor and starts its background export task.
    public init(
        exporter: any SpanExporter,
        configuration: BatchExportQueue<SpanData>.Configuration = .init(),
        clock: any TelemetryClock = SystemTelemetryClock(),
        logger: Logger = .disabled
    ) {
        let failedSpans = FailureCount()
        self.failedSpans = failedSpans
        queue = BatchExportQueue(configuration: configuration, clock: clock) { spans in
            do throws(TelemetryError) {
                try await exporter.export(spans)
            } catch {
                failedSpans.value.add(spans.count, ordering: .relaxed)
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

    /// Spans dropped because their export failed for good, retries included.
    public var failedSpanCount: Int { failedSpans.value.load(ordering: .relaxed) }

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

/// A counter the export closure and the processor share; a class because `Atomic` cannot
/// be captured by copy.
final class FailureCount: Sendable {
    let value = Atomic(0)
}
