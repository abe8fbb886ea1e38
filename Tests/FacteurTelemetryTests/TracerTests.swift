import FacteurLogging
import FacteurTelemetry
import Synchronization
import Testing

/// A processor that keeps ended spans in memory.
private final class CollectingProcessor: SpanProcessor {
    private let storage = Mutex<[SpanData]>([])
    var spans: [SpanData] { storage.withLock { $0 } }
    func onEnd(_ span: SpanData) { storage.withLock { $0.append(span) } }
}

@Suite("Tracer and spans", .timeLimit(.minutes(1)))
struct TracerTests {
    private let processor = CollectingProcessor()
    private var tracer: Tracer {
        Tracer(scope: InstrumentationScope(name: "facteur"), processor: processor, clock: ManualClock())
    }

    @Test("withSpan makes the span current, so a nested span is its child in the same trace")
    func parentChild() async throws {
        let tracer = self.tracer
        await tracer.withSpan("facteur.consumer.process_event", kind: .consumer) { parent in
            #expect(Span.current === parent)
            await Task.yield()
            tracer.withSpan("facteur.bridge.dispatch", attributes: ["command": "deploy"]) { child in
                child.addEvent("submitted", attributes: ["attempt": 1])
            }
        }
        #expect(Span.current == nil)
        let spans = processor.spans
        try #require(spans.count == 2)
        let child = spans[0]
        let parent = spans[1]
        #expect(child.name == "facteur.bridge.dispatch" && parent.name == "facteur.consumer.process_event")
        #expect(child.context.traceID == parent.context.traceID)
        #expect(child.parentSpanID == parent.context.spanID)
        #expect(parent.parentSpanID == nil)
        #expect(parent.kind == .consumer && child.kind == .internal)
        #expect(child.attributes == ["command": "deploy"])
        #expect(child.events.map(\.name) == ["submitted"])
    }

    @Test("A thrown error is recorded as an exception event and error status, then rethrown")
    func errorRecorded() async {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await tracer.withSpan("facteur.bridge.status") { _ async throws(Refused) in
                await Task.yield()
                throw Refused()
            }
        }
        let span = processor.spans.first
        #expect(span?.events.first?.name == "exception")
        if case .error = span?.status {} else { Issue.record("status is \(String(describing: span?.status))") }
        #expect(span?.attributes["error.type"] != nil)
    }

    @Test("A remote parent continues its trace; an unsampled one is respected and not recorded")
    func remoteParent() throws {
        let sampled = try #require(TraceContextPropagator.extract(
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        ))
        let server = tracer.startSpan("POST /events", kind: .server, parent: sampled)
        #expect(server.context.traceID == sampled.traceID)
        #expect(server.parentSpanID == sampled.spanID)
        #expect(server.isRecording)
        server.end()

        var unsampled = sampled
        unsampled.traceFlags = 0
        let ignored = tracer.startSpan("POST /events", kind: .server, parent: unsampled)
        #expect(!ignored.isRecording)
        #expect(ignored.context.traceID == sampled.traceID)
        ignored.end()
        #expect(processor.spans.count == 1)
    }

    @Test("Status ok is final, end is idempotent, and changes after end are ignored")
    func statusRules() {
        let span = tracer.startSpan("x")
        span.setStatus(.ok)
        span.setStatus(.error(description: "late"))
        span.end()
        span.setAttribute("after", true)
        span.end()
        #expect(processor.spans.count == 1)
        #expect(processor.spans.first?.status == .ok)
        #expect(processor.spans.first?.attributes.isEmpty == true)
    }

    @Test("Log lines written inside a span carry trace_id and span_id; outside they do not")
    func logCorrelation() throws {
        let lines = Mutex<[String]>([])
        let sink = LogSink(format: .logfmt) { line in lines.withLock { $0.append(line) } }
        sink.setMetadataProvider(LogCorrelation.metadataProvider)
        let logger = Logger(label: "facteur", sink: sink)

        logger.info("outside")
        let context = tracer.withSpan("inside") { span in
            logger.info("inside")
            return span.context
        }
        let written = lines.withLock { $0 }
        try #require(written.count == 2)
        #expect(!written[0].contains("trace_id"))
        #expect(written[1].contains("trace_id=\(context.traceID.hexString)"))
        #expect(written[1].contains("span_id=\(context.spanID.hexString)"))
    }

    @Test("currentHeaders carries the active span to outgoing calls")
    func outgoingHeaders() async {
        #expect(TraceContextPropagator.currentHeaders().isEmpty)
        let (headers, context) = await tracer.withSpan("call", kind: .client) { span in
            await Task.yield()
            return (TraceContextPropagator.currentHeaders(), span.context)
        }
        #expect(headers["traceparent"] == TraceContextPropagator.traceparent(for: context))
    }
}
