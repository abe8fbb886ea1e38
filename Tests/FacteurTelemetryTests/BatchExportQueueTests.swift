import FacteurTelemetry
import Foundation
import Testing

@Suite("Batching span processor", .timeLimit(.minutes(1)))
struct BatchExportQueueTests {
    private func span(_ index: Int) -> SpanData {
        var generator = SystemRandomNumberGenerator()
        return SpanData(
            name: "span \(index)",
            context: SpanContext(traceID: .random(using: &generator), spanID: .random(using: &generator)),
            startTimeUnixNano: 1,
            endTimeUnixNano: 2,
            scope: InstrumentationScope(name: "test")
        )
    }

    @Test("Spans wait for the scheduled delay, then go out together")
    func scheduledExport() async throws {
        let clock = ManualClock()
        let exporter = RecordingSpanExporter()
        let processor = BatchSpanProcessor(exporter: exporter, clock: clock)
        for index in 0..<3 {
            processor.onEnd(span(index))
        }
        await clock.waitForSleepers(1)
        #expect(exporter.batches.isEmpty)

        clock.advance(by: .seconds(1))
        #expect(await exporter.exports.next() == 3)
        await processor.shutdown(timeout: .seconds(1))
    }

    @Test("A half-full queue exports at once, in batches of at most the batch size")
    func halfFullExport() async throws {
        let clock = ManualClock()
        let exporter = RecordingSpanExporter()
        let processor = BatchSpanProcessor(
            exporter: exporter,
            configuration: .init(maximumQueueSize: 20, maximumBatchSize: 4),
            clock: clock
        )
        for index in 0..<10 {
            processor.onEnd(span(index))
        }
        var exported = 0
        while exported < 10, let size = await exporter.exports.next() {
            #expect(size <= 4)
            exported += size
        }
        #expect(exported == 10)
        await processor.shutdown(timeout: .seconds(1))
    }

    @Test("A full queue drops and counts, and memory stays bounded while export hangs")
    func dropsWhenFull() async throws {
        let clock = ManualClock()
        let processor = BatchSpanProcessor(
            exporter: HangingSpanExporter(),
            configuration: .init(maximumQueueSize: 100, maximumBatchSize: 10),
            clock: clock
        )
        let started = ContinuousClock.now
        for index in 0..<10_000 {
            processor.onEnd(span(index))
        }
        let elapsed = ContinuousClock.now - started
        #expect(processor.queuedSpanCount <= 100)
        #expect(processor.droppedSpanCount >= 10_000 - 100 - 10)
        #expect(elapsed < .seconds(2))

        // The hanging export is cancelled at the deadline; shutdown does not wait longer.
        let shutdownStarted = ContinuousClock.now
        let shutdown = Task { await processor.shutdown(timeout: .seconds(2)) }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(2))
        #expect(await shutdown.value == false)
        #expect(ContinuousClock.now - shutdownStarted < .seconds(5))
    }

    @Test("forceFlush exports what is queued without waiting for the timer")
    func forceFlush() async throws {
        let exporter = RecordingSpanExporter()
        let processor = BatchSpanProcessor(exporter: exporter, clock: ManualClock())
        processor.onEnd(span(1))
        #expect(await processor.forceFlush(timeout: .seconds(5)))
        #expect(exporter.spans.count == 1)
        await processor.shutdown(timeout: .seconds(1))
        processor.onEnd(span(2))
        #expect(processor.droppedSpanCount == 1)
    }
}
