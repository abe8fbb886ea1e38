import FacteurTelemetry
import Testing

@Suite("Prometheus text exposition", .timeLimit(.minutes(1)))
struct PrometheusRendererTests {
    @Test("Counters and histograms render exactly, with escaped labels and cumulative buckets")
    func exactText() {
        let meter = Meter(scope: InstrumentationScope(name: "facteur"), clock: ManualClock())
        let processed = meter.makeCounter(name: "facteur_command_events_processed_total", description: "Processed.")
        let bytes = meter.makeCounter(Double.self, name: "facteur_bytes")
        let duration = meter.makeHistogram(
            name: "facteur_command_events_duration_ms",
            unit: "ms",
            description: "Duration\nin ms.",
            boundaries: [5, 10.5]
        )
        processed.add(2, attributes: ["command": "deploy"])
        processed.add(1, attributes: ["command": "say \"hi\"\\\n"])
        processed.add(-4, attributes: ["command": "deploy"])
        bytes.add(0.25)
        duration.record(3, attributes: ["command": "deploy"])
        duration.record(7, attributes: ["command": "deploy"])
        duration.record(12.5, attributes: ["command": "deploy"])

        #expect(PrometheusRenderer.render(meter.collect()) == """
            # HELP facteur_command_events_processed_total Processed.
            # TYPE facteur_command_events_processed_total counter
            facteur_command_events_processed_total{command="deploy"} 2
            facteur_command_events_processed_total{command="say \\"hi\\"\\\\\\n"} 1
            # TYPE facteur_bytes_total counter
            facteur_bytes_total 0.25
            # HELP facteur_command_events_duration_ms Duration\\nin ms.
            # TYPE facteur_command_events_duration_ms histogram
            facteur_command_events_duration_ms_bucket{command="deploy",le="5"} 1
            facteur_command_events_duration_ms_bucket{command="deploy",le="10.5"} 2
            facteur_command_events_duration_ms_bucket{command="deploy",le="+Inf"} 3
            facteur_command_events_duration_ms_sum{command="deploy"} 22.5
            facteur_command_events_duration_ms_count{command="deploy"} 3

            """)
    }

    @Test("Dotted attribute keys become underscores in label names")
    func labelNames() {
        let meter = Meter(scope: InstrumentationScope(name: "facteur"))
        meter.makeCounter(name: "requests_total").add(1, attributes: ["http.route": "/events"])
        #expect(PrometheusRenderer.render(meter.collect()).contains(#"requests_total{http_route="/events"} 1"#))
    }
}
