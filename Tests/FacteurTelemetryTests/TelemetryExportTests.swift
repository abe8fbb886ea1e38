import FacteurLogging
import FacteurTelemetry
import FacteurTestSupport
import Foundation
import Synchronization
import Testing

/// End to end: the facade exports to the Python receiver over real loopback sockets, which
/// decodes with `opentelemetry-proto`; the tests read back what it decoded.
@Suite("OTLP export to a local receiver", .serialized, .timeLimit(.minutes(1)))
struct TelemetryExportTests {
    static let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    private func environment(_ receiver: OTLPReceiver, protocol name: String = "http/protobuf") -> [String: String] {
        [
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
            "OTEL_EXPORTER_OTLP_PROTOCOL": name,
            "OTEL_EXPORTER_OTLP_HEADERS": "X-Scope-OrgID=team%20a,Authorization=Bearer%20s3cret",
            "OTEL_SERVICE_NAME": "facteur-test",
            "OTEL_SERVICE_NAMESPACE": "bots",
            "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=test",
        ]
    }

    @Test("Spans, metrics and logs arrive decoded, in both encodings", arguments: ["http/protobuf", "http/json"])
    func exportsEverySignal(protocolName: String) async throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let lines = LineCollector()
        let logger = lines.makeLogger()
        let telemetry = Telemetry.make(
            environment: environment(receiver, protocol: protocolName),
            serviceVersion: "9.9.9",
            logger: logger
        )
        #expect(telemetry.problems.isEmpty)

        let parent = TraceContextPropagator.extract(traceparent: Self.incoming)
        let tracer = telemetry.tracer
        let serverAttributes: Attributes = ["http.request.method": "POST", "http.route": "/events"]
        let ids: (SpanContext, SpanContext) = await tracer.withSpan(
            "POST /events",
            kind: .server,
            attributes: serverAttributes,
            parent: parent
        ) { server async -> (SpanContext, SpanContext) in
            await Task.yield()
            let dispatch = await tracer.withSpan(
                "facteur.bridge.dispatch",
                attributes: ["facteur.command": "deploy"]
            ) { span async -> SpanContext in
                await Task.yield()
                logger.info("workflow submitted", metadata: ["facteur.command": "deploy"])
                tracer.withSpan("kubernetes create workflow", kind: .client) { client in
                    client.recordError(TelemetryError(code: .rejected, message: "conflict", status: 409))
                }
                return span.context
            }
            server.setAttribute("http.response.status_code", 202)
            return (server.context, dispatch)
        }
        let command = Telemetry.commandAttributes("deploy")
        telemetry.commandEventsProcessed.add(2, attributes: command)
        telemetry.commandEventsFailed.add(1, attributes: command)
        telemetry.commandEventDuration.record(12, attributes: command)
        telemetry.commandEventDuration.record(40, attributes: command)

        await telemetry.shutdown(timeout: .seconds(10))

        let records = try receiver.records()
        let contentType = protocolName == "http/json" ? "application/json" : "application/x-protobuf"
        #expect(records.allSatisfy { $0.string("contentType") == contentType })
        for record in records {
            let headers = record.object("headers")
            #expect(headers.string("x-scope-orgid") == "team a")
            #expect(headers.string("authorization") == "Bearer s3cret")
        }
        #expect(!lines.lines.joined().contains("s3cret"))

        // Traces: one trace continuing the incoming traceparent, linked parent to child.
        let traces = try #require(records.first { $0.string("signal") == "traces" }).object("body")
        let resourceSpans = try #require(traces.array("resourceSpans").first)
        let resource = resourceSpans.object("resource").attributeValues
        #expect(resource["service.name"]?.string("stringValue") == "facteur-test")
        #expect(resource["service.namespace"]?.string("stringValue") == "bots")
        #expect(resource["service.version"]?.string("stringValue") == "9.9.9")
        #expect(resource["deployment.environment"]?.string("stringValue") == "test")
        #expect(resource["telemetry.sdk.language"]?.string("stringValue") == "swift")
        let scopeSpans = try #require(resourceSpans.array("scopeSpans").first)
        #expect(scopeSpans.object("scope").string("name") == "facteur")
        let spans = Dictionary(uniqueKeysWithValues: scopeSpans.array("spans").map { ($0.string("name") ?? "", $0) })
        #expect(spans.count == 3)
        let server = try #require(spans["POST /events"])
        let dispatch = try #require(spans["facteur.bridge.dispatch"])
        let client = try #require(spans["kubernetes create workflow"])
        #expect(Set(spans.values.compactMap { $0.string("traceId") }) == ["4bf92f3577b34da6a3ce929d0e0e4736"])
        #expect(server.string("parentSpanId") == "00f067aa0ba902b7")
        #expect(server.string("spanId") == ids.0.spanID.hexString)
        #expect(dispatch.string("parentSpanId") == server.string("spanId"))
        #expect(client.string("parentSpanId") == dispatch.string("spanId"))
        #expect(server.string("kind") == "SPAN_KIND_SERVER")
        #expect(dispatch.string("kind") == "SPAN_KIND_INTERNAL")
        #expect(client.string("kind") == "SPAN_KIND_CLIENT")
        #expect(server.attributeValues["http.route"]?.string("stringValue") == "/events")
        #expect(server.attributeValues["http.response.status_code"]?.string("intValue") == "202")
        #expect(client.object("status").string("code") == "STATUS_CODE_ERROR")
        #expect(client.array("events").first?.string("name") == "exception")
        #expect(Int(server.string("endTimeUnixNano") ?? "") ?? 0 >= Int(server.string("startTimeUnixNano") ?? "") ?? 1)

        // Metrics: cumulative monotonic sums and a histogram per command.
        let metricsBody = try #require(records.first { $0.string("signal") == "metrics" }).object("body")
        let metrics = metricsBody.array("resourceMetrics").flatMap { $0.array("scopeMetrics") }
            .flatMap { $0.array("metrics") }
        let byName = Dictionary(uniqueKeysWithValues: metrics.map { ($0.string("name") ?? "", $0) })
        #expect(Set(byName.keys) == [
            "facteur_command_events_processed_total",
            "facteur_command_events_failed_total",
            "facteur_command_events_dlq_total",
            "facteur_command_events_duration_ms",
        ])
        let processed = try #require(byName["facteur_command_events_processed_total"]).object("sum")
        #expect(processed.string("aggregationTemporality") == "AGGREGATION_TEMPORALITY_CUMULATIVE")
        #expect(processed["isMonotonic"] as? Bool == true)
        let point = try #require(processed.array("dataPoints").first)
        #expect(point.string("asInt") == "2")
        #expect(point.attributeValues["command"]?.string("stringValue") == "deploy")
        let histogram = try #require(byName["facteur_command_events_duration_ms"]).object("histogram")
        #expect(histogram.string("aggregationTemporality") == "AGGREGATION_TEMPORALITY_CUMULATIVE")
        let buckets = try #require(histogram.array("dataPoints").first)
        #expect(buckets.string("count") == "2")
        #expect(buckets["sum"] as? Double == 52)
        #expect((buckets["explicitBounds"] as? [Double])?.prefix(4) == [0, 5, 10, 25])
        #expect((buckets["bucketCounts"] as? [String])?.prefix(6) == ["0", "0", "0", "1", "1", "0"])
        #expect(byName["facteur_command_events_duration_ms"]?.string("unit") == "ms")

        // Logs: the line written inside the dispatch span carries its IDs.
        let logRecords = records.filter { $0.string("signal") == "logs" }.flatMap { $0.object("body")
            .array("resourceLogs") }.flatMap { $0.array("scopeLogs") }.flatMap { $0.array("logRecords") }
        let submitted = try #require(logRecords.first {
            $0.object("body").string("stringValue") == "workflow submitted"
        })
        #expect(submitted.string("traceId") == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(submitted.string("spanId") == ids.1.spanID.hexString)
        #expect(submitted.string("severityText") == "INFO")
        #expect(submitted.string("severityNumber") == "SEVERITY_NUMBER_INFO")
        #expect(submitted.attributeValues["facteur.command"]?.string("stringValue") == "deploy")
        #expect(submitted.attributeValues["trace_id"] == nil)
        #expect(lines.lines.contains { $0.contains("trace_id=4bf92f3577b34da6a3ce929d0e0e4736") })
    }

    @Test("Metrics go out every OTEL_METRIC_EXPORT_INTERVAL with cumulative values")
    func periodicMetrics() async throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        var variables = environment(receiver)
        variables["OTEL_METRIC_EXPORT_INTERVAL"] = "100"
        let telemetry = Telemetry.make(environment: variables, serviceVersion: "1", logger: .disabled)
        telemetry.commandEventsDeadLettered.add(1, attributes: Telemetry.commandAttributes("deploy"))

        func dlqValues(_ records: [[String: Any]]) -> [(start: String, value: String)] {
            records.filter { $0.string("signal") == "metrics" }.compactMap { record in
                let metrics = record.object("body").array("resourceMetrics").flatMap { $0.array("scopeMetrics") }
                    .flatMap { $0.array("metrics") }
                let dlq = metrics.first { $0.string("name") == "facteur_command_events_dlq_total" }
                guard let point = dlq?.object("sum").array("dataPoints").first,
                      let start = point.string("startTimeUnixNano"),
                      let value = point.string("asInt") else { return nil }
                return (start, value)
            }
        }
        let first = try await receiver.waitForRecords { !dlqValues($0).isEmpty }
        #expect(dlqValues(first).first?.value == "1")
        telemetry.commandEventsDeadLettered.add(2, attributes: Telemetry.commandAttributes("deploy"))
        let later = try await receiver.waitForRecords { dlqValues($0).contains { $0.value == "3" } }
        let values = dlqValues(later)
        #expect(values.contains { $0.value == "3" })
        #expect(Set(values.map(\.start)).count == 1)
        await telemetry.shutdown(timeout: .seconds(5))
    }

    @Test("An export refused with 429 and Retry-After, then 503, is retried and delivered")
    func retriesAfterUnavailable() async throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.control(fail: 1, status: 429, retryAfter: 1)
        let telemetry = Telemetry.make(
            environment: environment(receiver),
            serviceVersion: "1",
            logger: .disabled,
            retryPolicy: .init(maximumAttempts: 4, initialBackoff: .milliseconds(50))
        )
        let started = ContinuousClock.now
        telemetry.tracer.startSpan("retried").end()
        await telemetry.tracerProvider.forceFlush(timeout: .seconds(10))
        #expect(ContinuousClock.now - started >= .seconds(1))

        try receiver.control(fail: 2, status: 503)
        telemetry.tracer.startSpan("retried again").end()
        await telemetry.tracerProvider.forceFlush(timeout: .seconds(10))

        let records = try receiver.records().filter { $0.string("signal") == "traces" }
        let names = records.flatMap { $0.object("body").array("resourceSpans") }.flatMap { $0.array("scopeSpans") }
            .flatMap { $0.array("spans") }.compactMap { $0.string("name") }
        #expect(names == ["retried", "retried again"])
        #expect(receiver.attempts() >= 5)
        await telemetry.shutdown(timeout: .seconds(5))
    }

    @Test("With the collector slow, ending 10k spans stays fast, the queue stays bounded, drops are counted")
    func slowCollector() async throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.control(delay: 3)
        try await endsStayFast(environment: environment(receiver))
    }

    @Test("With the collector down, ending 10k spans stays fast and shutdown keeps its deadline")
    func collectorDown() async throws {
        let receiver = try OTLPReceiver()
        let variables = environment(receiver)
        receiver.stop()
        try await endsStayFast(environment: variables)
    }

    private func endsStayFast(environment: [String: String]) async throws {
        let telemetry = Telemetry.make(environment: environment, serviceVersion: "1", logger: .disabled)
        let spans = (0..<10_000).map { telemetry.tracer.startSpan("span \($0)", kind: .server) }

        let started = ContinuousClock.now
        for span in spans {
            span.end()
        }
        let elapsed = ContinuousClock.now - started

        #expect(elapsed < .seconds(2), "10k span ends took \(elapsed)")
        let queued = telemetry.tracerProvider.processor?.queuedSpanCount ?? 0
        #expect(queued <= 2048)
        #expect(telemetry.droppedSpanCount >= 10_000 - 2048 - 512)

        let shutdownStarted = ContinuousClock.now
        await telemetry.shutdown(timeout: .seconds(1))
        #expect(ContinuousClock.now - shutdownStarted < .seconds(6))
    }
}
