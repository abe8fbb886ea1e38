import FacteurLogging
import FacteurTelemetry
import Synchronization
import Testing

/// A log exporter that never returns until cancelled, like a hung collector.
private struct HangingLogExporter: LogRecordExporter {
    func export(_ records: [LogRecordData]) async throws(TelemetryError) {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(60))
        }
    }
}

/// A log exporter that keeps what it receives.
private final class RecordingLogExporter: LogRecordExporter {
    private let storage = Mutex<[LogRecordData]>([])
    var records: [LogRecordData] { storage.withLock { $0 } }
    func export(_ records: [LogRecordData]) async throws(TelemetryError) {
        storage.withLock { $0.append(contentsOf: records) }
    }
}

@Suite("OTLP log record batching", .timeLimit(.minutes(1)))
struct BatchLogProcessorTests {
    @Test("Logging stays fast and bounded while the exporter hangs; drops are counted")
    func boundedWhenStuck() async {
        let processor = BatchLogProcessor(
            exporter: HangingLogExporter(),
            configuration: .init(maximumQueueSize: 64, maximumBatchSize: 8)
        )
        let sink = LogSink(format: .logfmt) { _ in }
        sink.setRecordObserver(processor.recordObserver)
        let logger = Logger(label: "facteur", sink: sink)

        let started = ContinuousClock.now
        for _ in 0..<5_000 {
            logger.info("event handled")
        }
        // Bounded, not benchmarked: a hung exporter must not make logging wait on it.
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(processor.droppedRecordCount >= 5_000 - 64 - 8)
        let shutdownStarted = ContinuousClock.now
        #expect(await processor.shutdown(timeout: .milliseconds(100)) == false)
        #expect(ContinuousClock.now - shutdownStarted < .seconds(5))
    }

    @Test("Records carry the current span's IDs; the exporter's own lines are not exported")
    func spanContextAndSelfExclusion() async throws {
        let exporter = RecordingLogExporter()
        let processor = BatchLogProcessor(exporter: exporter, clock: ManualClock())
        let sink = LogSink(format: .logfmt) { _ in }
        sink.setRecordObserver(processor.recordObserver)
        let logger = Logger(label: "facteur", sink: sink)
        let tracer = Tracer(scope: InstrumentationScope(name: "facteur"), processor: nil)

        let context = tracer.withSpan("work") { span in
            logger.warning("slow answer", metadata: ["facteur.command": "deploy"])
            logger.labelled("facteur.telemetry").warning("span export failed")
            return span.context
        }
        await processor.forceFlush(timeout: .seconds(5))

        let records = exporter.records
        try #require(records.count == 1)
        #expect(records[0].spanContext?.traceID == context.traceID)
        #expect(records[0].spanContext?.spanID == context.spanID)
        #expect(records[0].severityNumber == 13)
        #expect(records[0].attributes["facteur.command"] == "deploy")
        await processor.shutdown(timeout: .seconds(1))
    }
}
