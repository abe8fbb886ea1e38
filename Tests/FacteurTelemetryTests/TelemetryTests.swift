import FacteurLogging
import FacteurTelemetry
import Testing

@Suite("Telemetry facade", .timeLimit(.minutes(1)))
struct TelemetryTests {
    @Test("Without an endpoint nothing is exported, but /metrics renders the command instruments")
    func metricsWithoutExport() async {
        let lines = LineCollector()
        let telemetry = Telemetry.make(environment: [:], serviceVersion: "1", logger: lines.makeLogger())
        telemetry.commandEventsProcessed.add(1, attributes: Telemetry.commandAttributes("deploy"))
        telemetry.commandEventDuration.record(3, attributes: Telemetry.commandAttributes("deploy"))

        let text = telemetry.prometheusText()
        #expect(text.contains("# TYPE facteur_command_events_processed_total counter\n"))
        #expect(text.contains(#"facteur_command_events_processed_total{command="deploy"} 1"#))
        #expect(text.contains("# TYPE facteur_command_events_failed_total counter\n"))
        #expect(text.contains("# TYPE facteur_command_events_dlq_total counter\n"))
        #expect(text.contains(#"facteur_command_events_duration_ms_bucket{command="deploy",le="5"} 1"#))
        #expect(!telemetry.tracer.startSpan("x").isRecording)
        await telemetry.shutdown(timeout: .seconds(1))
    }

    @Test("Bad variables are logged as warnings naming the variable, without header values")
    func problemsLogged() async {
        let lines = LineCollector()
        let telemetry = Telemetry.make(
            environment: ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_HEADERS": "token-only"],
            serviceVersion: "1",
            logger: lines.makeLogger()
        )
        #expect(telemetry.problems.isEmpty)
        let broken = Telemetry.make(
            environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9",
                "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
                "OTEL_EXPORTER_OTLP_HEADERS": "token-only",
            ],
            serviceVersion: "1",
            logger: lines.makeLogger()
        )
        #expect(broken.problems.count == 2)
        let warnings = lines.lines.filter { $0.contains("level=warning") }
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("OTEL_EXPORTER_OTLP_PROTOCOL") })
        #expect(!lines.lines.joined().contains("token-only"))
        await telemetry.shutdown(timeout: .seconds(1))
        await broken.shutdown(timeout: .seconds(1))
    }

    @Test("An HTTP server span continues traceparent and carries semantic-convention attributes")
    func httpServerSpan() throws {
        let tracer = Tracer(scope: InstrumentationScope(name: "facteur"), processor: nil)
        let span = tracer.startHTTPServerSpan(
            method: "POST",
            route: "/events",
            path: "/events",
            headers: ["traceparent": TraceContextPropagatorTests.valid, "User-Agent": "Discord"],
            clientAddress: "10.0.0.1"
        )
        #expect(span.context.traceID.hexString == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span.kind == .server)
        #expect(span.parentSpanID?.hexString == "00f067aa0ba902b7")
    }
}
