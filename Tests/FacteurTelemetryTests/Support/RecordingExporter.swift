import FacteurTelemetry
import Synchronization

/// An exporter that keeps what it is given and reports each batch on a stream, so tests can
/// await exports instead of sleeping; it can be told to fail.
final class RecordingSpanExporter: SpanExporter {
    private let batchesSeen = Mutex<[[SpanData]]>([])
    private let continuation: AsyncStream<Int>.Continuation
    /// The size of each batch, in export order.
    let exports: AsyncStream<Int>

    init() {
        (exports, continuation) = AsyncStream.makeStream()
    }

    var batches: [[SpanData]] { batchesSeen.withLock { $0 } }
    var spans: [SpanData] { batches.flatMap { $0 } }

    func export(_ spans: [SpanData]) async throws(TelemetryError) {
        batchesSeen.withLock { $0.append(spans) }
        continuation.yield(spans.count)
    }
}

/// An exporter whose export never returns until cancelled, like a collector that hangs.
struct HangingSpanExporter: SpanExporter {
    func export(_ spans: [SpanData]) async throws(TelemetryError) {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(60))
        }
        throw TelemetryError(code: .cancelled, message: "cancelled")
    }
}

extension AsyncStream {
    /// The next element, or nil if none arrives within `timeout` of real time.
    func next(timeout: Duration = .seconds(5)) async -> Element? where Element: Sendable {
        await withTaskGroup(of: Element?.self) { group in
            group.addTask {
                var iterator = self.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
