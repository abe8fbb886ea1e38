import FacteurHTTPClient
import FacteurTelemetry
import Foundation
import Synchronization
import Testing

/// A transport that answers from a script and records what it was sent.
private final class ScriptedTransport: OTLPHTTPTransport {
    private let script: Mutex<[HTTPClientResponse]>
    private let sent = Mutex<[HTTPClientRequest]>([])

    init(_ responses: [HTTPClientResponse]) {
        script = Mutex(responses)
    }

    var requests: [HTTPClientRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        sent.withLock { $0.append(request) }
        return script.withLock { $0.isEmpty ? HTTPClientResponse(status: 200) : $0.removeFirst() }
    }
}

@Suite("OTLP/HTTP exporter retries", .timeLimit(.minutes(1)))
struct OTLPHTTPExporterTests {
    private let span = SpanData(
        name: "x",
        context: SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3)),
        startTimeUnixNano: 1,
        endTimeUnixNano: 2,
        scope: InstrumentationScope(name: "test")
    )

    private func makeExporter(
        _ transport: ScriptedTransport,
        clock: ManualClock,
        attempts: Int = 5
    ) -> OTLPHTTPExporter {
        OTLPHTTPExporter(
            endpoint: .init(url: "http://collector/v1/traces", encoding: .httpProtobuf),
            resource: Resource(attributes: [:]),
            transport: transport,
            clock: clock,
            retryPolicy: .init(maximumAttempts: attempts, initialBackoff: .seconds(1), maximumBackoff: .seconds(8))
        )
    }

    @Test("429 and 503 are retried, honouring Retry-After, then exponential backoff")
    func retriesWithBackoff() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([
            HTTPClientResponse(status: 429, headers: ["Retry-After": "7"]),
            HTTPClientResponse(status: 503),
            HTTPClientResponse(status: 502),
        ])
        let exporter = makeExporter(transport, clock: clock)
        let export = Task { try await exporter.export([span]) }

        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(6))
        #expect(transport.requests.count == 1)
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(1)
        #expect(transport.requests.count == 2)
        clock.advance(by: .seconds(2))
        await clock.waitForSleepers(1)
        #expect(transport.requests.count == 3)
        clock.advance(by: .seconds(3))
        #expect(transport.requests.count == 3)
        clock.advance(by: .seconds(1))

        try await export.value
        #expect(transport.requests.count == 4)
        #expect(exporter.retryCount == 3)
        #expect(transport.requests.first?.headers.first(name: "Content-Type") == "application/x-protobuf")
    }

    @Test("Retries stop at the attempt limit and the export fails, counted")
    func retriesBounded() async {
        let clock = ManualClock()
        let transport = ScriptedTransport(Array(repeating: HTTPClientResponse(status: 503), count: 10))
        let exporter = makeExporter(transport, clock: clock, attempts: 3)
        let export = Task { try await exporter.export([span]) }
        for _ in 0..<2 {
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(8))
        }
        let result = await export.result
        #expect(transport.requests.count == 3)
        #expect(exporter.failedExportCount == 1)
        if case .failure(let failure) = result, let error = failure as? TelemetryError {
            #expect(error.code == .retriesExhausted)
            #expect(error.status == 503)
        } else {
            Issue.record("the export succeeded")
        }
    }

    @Test("A 400 is not retried")
    func badRequestNotRetried() async {
        let transport = ScriptedTransport([HTTPClientResponse(status: 400)])
        let exporter = makeExporter(transport, clock: ManualClock())
        await #expect(throws: TelemetryError.self) { try await exporter.export([span]) }
        #expect(transport.requests.count == 1)
    }
}
