import FacteurTelemetry

/// The exporter's own losses as Prometheus counters, so an operator sees when traces or
/// logs are being dropped (SPEC section 7: "a full queue drops and counts").
enum TelemetryHealth {
    static func prometheusText(_ telemetry: Telemetry) -> String {
        let counters = [
            ("facteur_telemetry_spans_dropped_total", "Spans dropped because the export queue was full.",
             telemetry.droppedSpanCount),
            ("facteur_telemetry_spans_failed_total", "Spans dropped after their export failed for good.",
             telemetry.failedSpanCount),
            ("facteur_telemetry_logs_dropped_total", "Log records dropped because the export queue was full.",
             telemetry.droppedLogRecordCount),
        ]
        return counters.map { name, help, value in
            "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
        }.joined()
    }
}
