import FacteurTestSupport
import Foundation
import Testing

/// Telemetry end to end (SPEC section 7, issue 5): the real `facteur serve`, with Redis and
/// the kube-apiserver stand-in, exports to the OTLP receiver, which decodes each export
/// with `opentelemetry-proto`; after a scripted set of requests and a SIGTERM (which
/// flushes every signal), the test reads back spans, metrics and logs. Serialized for the
/// same reason as the `/events` suite: each test owns four processes.
@Suite("facteur serve: telemetry end to end", .serialized, .timeLimit(.minutes(2)))
struct TelemetryEndToEndTests {
    /// The W3C IDs the scripted `/events` request continues; fresh per run, so nothing
    /// else in the receiver can match them by chance.
    struct Incoming {
        let traceID = Self.hex(UInt64.random(in: 1...UInt64.max)) + Self.hex(UInt64.random(in: 0...UInt64.max))
        let spanID = Self.hex(UInt64.random(in: 1...UInt64.max))

        var traceparent: String { "00-\(traceID)-\(spanID)-01" }

        private static func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }

    static let serviceName = "facteur-e2e"
    static let commandMetrics = [
        "facteur_command_events_processed_total",
        "facteur_command_events_failed_total",
        "facteur_command_events_dlq_total",
        "facteur_command_events_duration_ms",
    ]

    @Test(
        "A traced /events request and its neighbours arrive as linked spans, metrics and logs",
        arguments: ["http/protobuf", "http/json"]
    )
    func scriptedRequests(protocolName: String) async throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let incoming = Incoming()
        let variables = [
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
            "OTEL_EXPORTER_OTLP_PROTOCOL": protocolName,
            "OTEL_METRIC_EXPORT_INTERVAL": "500",
            "OTEL_SERVICE_NAME": Self.serviceName,
            "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=e2e,facteur.suite=telemetry",
        ]

        let standardOutput = try await EventsEnvironment.with(extraVariables: variables) { environment in
            try await sendScript(to: environment, incoming: incoming)
            try await expectPrometheusText(from: environment)
            try await expectKubernetesTraceparent(in: environment, incoming: incoming)

            // A periodic export, before any shutdown flush, already holds the counts.
            let periodic = try await receiver.waitForRecords { records in
                Self.latestPoints("facteur_command_events_processed_total", in: records)["plan"]?
                    .string("asInt") == "2"
            }
            #expect(Self.latestPoints("facteur_command_events_processed_total", in: periodic)["plan"] != nil)

            let status = try await environment.facteur.stop()
            #expect(status == 0, "\(environment.facteur.standardError)")
            return environment.facteur.standardOutput
        }

        // facteur has exited, so its shutdown flush is in; the wait covers the file write.
        let records = try await receiver.waitForRecords(timeout: .seconds(5)) { records in
            records.spans.contains { $0.string("name") == "facteur.bridge.dispatch" }
                && !records.logRecords.isEmpty
        }
        let contentType = protocolName == "http/json" ? "application/json" : "application/x-protobuf"
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { $0.string("contentType") == contentType })
        try expectTrace(records.spans, incoming: incoming)
        expectServerSpans(records.spans)
        expectResources(records)
        try expectMetrics(records)
        try expectLogs(records.logRecords, spans: records.spans, incoming: incoming)
        #expect(standardOutput.contains("trace_id=\(incoming.traceID)"))
    }

    // MARK: The script

    /// A traced plan, its redelivery, a status, a 422, `/healthz` and a 404.
    private func sendScript(to environment: EventsEnvironment, incoming: Incoming) async throws {
        let plan = EventSamples.event(command: "plan", options: CommandCase.plan.options, traceID: "")
        let body = try EventEncoding.binary.body(of: plan)
        let contentType = EventEncoding.binary.contentType

        let traced = try await environment.post(
            "/events",
            body: body,
            contentType: contentType,
            headers: ["traceparent": incoming.traceparent]
        )
        let duplicate = try await environment.post("/events", body: body, contentType: contentType)
        let status = try await environment.send(EventSamples.event(command: "status"), as: .json)
        let missingOption = try await environment.send(
            EventSamples.event(command: "plan", options: ["project": "facteur"]),
            as: .json
        )
        let health = try await environment.get("/healthz")
        let missing = try await environment.get("/no-such-route")

        #expect(traced.status == 202, "\(traced.body)")
        #expect(duplicate.status == 200, "\(duplicate.body)")
        #expect(status.status == 200, "\(status.body)")
        #expect(missingOption.status == 422, "\(missingOption.body)")
        #expect(health.status == 200)
        #expect(missing.status == 404)
    }

    private func expectPrometheusText(from environment: EventsEnvironment) async throws {
        let response = try await environment.get("/metrics")

        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain") == true)
        for name in Self.commandMetrics {
            #expect(response.body.contains("# TYPE \(name) "), "\(name) missing from /metrics")
        }
        #expect(response.body.contains(#"facteur_command_events_processed_total{command="plan"} 2"#))
        #expect(response.body.contains(#"facteur_command_events_failed_total{command="plan"} 1"#))
        #expect(response.body.contains(#"facteur_command_events_duration_ms_count{command="plan"} 3"#))
    }

    /// The Workflow create reached the stand-in carrying the incoming trace.
    private func expectKubernetesTraceparent(in environment: EventsEnvironment, incoming: Incoming) async throws {
        let creates = try await environment.kube.requests(containing: "/workflows")
            .filter { $0["method"] as? String == "POST" }
        try #require(creates.count == 1)
        let traceparent = try #require(creates[0]["traceparent"] as? String)
        let fields = traceparent.split(separator: "-").map(String.init)

        #expect(fields.count == 4)
        #expect(fields.first == "00")
        #expect(fields.dropFirst().first == incoming.traceID)
        #expect(fields.dropFirst(2).first != incoming.spanID)
    }

    // MARK: Traces

    private func expectTrace(_ spans: [[String: Any]], incoming: Incoming) throws {
        let trace = spans.filter { $0.string("traceId") == incoming.traceID }
        let byID = Dictionary(trace.map { ($0.string("spanId") ?? "", $0) }) { first, _ in first }
        let server = try #require(trace.first { $0.string("name") == "POST /events" })
        let dispatch = try #require(trace.first { $0.string("name") == "facteur.bridge.dispatch" })

        #expect(server.string("kind") == "SPAN_KIND_SERVER")
        #expect(server.string("parentSpanId") == incoming.spanID)
        #expect(dispatch.string("parentSpanId") == server.string("spanId"))
        #expect(dispatch.stringAttribute("facteur.command") == "plan")
        #expect(dispatch.stringAttribute("facteur.outcome") == "dispatched")

        /// Whether `span` descends from the dispatch span, following parents in this trace.
        func isUnderDispatch(_ span: [String: Any]) -> Bool {
            var parent = span.string("parentSpanId")
            for _ in 0..<16 {
                guard let id = parent else { return false }
                if id == dispatch.string("spanId") { return true }
                parent = byID[id]?.string("parentSpanId")
            }
            return false
        }
        let clients = trace.filter { $0.string("kind") == "SPAN_KIND_CLIENT" }
        let redis = clients.filter { $0.stringAttribute("db.system") == "redis" }
        let kubernetes = clients.filter { $0.string("name") == "kubernetes create workflow" }
        #expect(!redis.isEmpty, "no Redis client span in \(clients.compactMap { $0.string("name") })")
        #expect(kubernetes.count == 1)
        #expect(clients.allSatisfy(isUnderDispatch))
        #expect(spans.contains { $0.string("name") == "facteur.bridge.status" })
    }

    /// One server span per request, with the HTTP semantic-convention attributes.
    private func expectServerSpans(_ spans: [[String: Any]]) {
        let servers = spans.filter { $0.string("kind") == "SPAN_KIND_SERVER" }
        let seen = servers.map { span in
            [
                span.stringAttribute("http.request.method") ?? "-",
                span.stringAttribute("url.path") ?? "-",
                span.stringAttribute("http.route") ?? "-",
                span.intAttribute("http.response.status_code").map(String.init) ?? "-",
                span.string("name") ?? "-",
            ].joined(separator: " ")
        }
        let expected = [
            "POST /events /events 202 POST /events",
            "POST /events /events 200 POST /events",
            "POST /events /events 422 POST /events",
            "GET /healthz /healthz 200 GET /healthz",
            "GET /no-such-route - 404 GET",
            "GET /metrics /metrics 200 GET /metrics",
        ]
        for line in expected {
            #expect(seen.contains(line), "no server span \(line) in \(seen)")
        }
        // The 202, the redelivery and the status request each answered 200 or 202.
        #expect(seen.filter { $0.hasPrefix("POST /events /events 200") }.count == 2)
        #expect(servers.allSatisfy { $0.stringAttribute("url.scheme") == "http" })
        #expect(servers.allSatisfy { $0.stringAttribute("client.address") == "127.0.0.1" })
    }

    private func expectResources(_ records: [[String: Any]]) {
        for signal in ["traces", "metrics", "logs"] {
            let resources = records.resources(of: signal)
            #expect(!resources.isEmpty, "no \(signal) export")
            for resource in resources {
                #expect(resource.stringAttribute("service.name") == Self.serviceName)
                #expect(resource.stringAttribute("telemetry.sdk.language") == "swift")
                #expect(resource.stringAttribute("telemetry.sdk.name") != nil)
                #expect(resource.stringAttribute("deployment.environment") == "e2e")
                #expect(resource.stringAttribute("facteur.suite") == "telemetry")
            }
        }
    }

    // MARK: Metrics

    private func expectMetrics(_ records: [[String: Any]]) throws {
        let processed = try #require(Self.latest("facteur_command_events_processed_total", in: records))
        let sum = processed.object("sum")
        #expect(sum.string("aggregationTemporality") == "AGGREGATION_TEMPORALITY_CUMULATIVE")
        #expect(sum["isMonotonic"] as? Bool == true)
        let points = Self.latestPoints("facteur_command_events_processed_total", in: records)
        #expect(points["plan"]?.string("asInt") == "2")
        #expect(points["status"]?.string("asInt") == "1")

        // Cumulative: every export of a series keeps its start time.
        let starts = Set(records.metrics.filter { $0.string("name") == processed.string("name") }
            .flatMap { $0.object("sum").array("dataPoints") }
            .filter { $0.stringAttribute("command") == "plan" }
            .compactMap { $0.string("startTimeUnixNano") })
        #expect(starts.count == 1)

        let failed = try #require(Self.latest("facteur_command_events_failed_total", in: records)).object("sum")
        #expect(failed.string("aggregationTemporality") == "AGGREGATION_TEMPORALITY_CUMULATIVE")
        #expect(Self.latestPoints("facteur_command_events_failed_total", in: records)["plan"]?
            .string("asInt") == "1")

        let duration = try #require(Self.latest("facteur_command_events_duration_ms", in: records))
        #expect(duration.string("unit") == "ms")
        let histogram = duration.object("histogram")
        #expect(histogram.string("aggregationTemporality") == "AGGREGATION_TEMPORALITY_CUMULATIVE")
        let series = Self.latestPoints("facteur_command_events_duration_ms", in: records)
        #expect(series["plan"]?.string("count") == "3")
        #expect(series["status"]?.string("count") == "1")
        let buckets = series["plan"]?["bucketCounts"] as? [String] ?? []
        #expect(buckets.compactMap { Int($0) }.reduce(0, +) == 3)
        let bounds = series["plan"]?["explicitBounds"] as? [Double] ?? []
        #expect(!bounds.isEmpty)
    }

    /// The last export of metric `name`.
    private static func latest(_ name: String, in records: [[String: Any]]) -> [String: Any]? {
        records.metrics.last { $0.string("name") == name }
    }

    /// The data points of the last export of `name`, by their `command` attribute.
    private static func latestPoints(_ name: String, in records: [[String: Any]]) -> [String: [String: Any]] {
        guard let metric = latest(name, in: records) else { return [:] }
        let points = metric.object("sum").array("dataPoints") + metric.object("histogram").array("dataPoints")
        return Dictionary(points.map { ($0.stringAttribute("command") ?? "", $0) }) { _, last in last }
    }

    // MARK: Logs

    /// Log lines written inside the traced request carry its trace and one of its spans.
    private func expectLogs(_ logs: [[String: Any]], spans: [[String: Any]], incoming: Incoming) throws {
        let spanIDs = Set(spans.filter { $0.string("traceId") == incoming.traceID }.compactMap { $0.string("spanId") })
        let traced = logs.filter { $0.string("traceId") == incoming.traceID }

        #expect(!traced.isEmpty, "no log record carries the incoming trace ID")
        #expect(traced.allSatisfy { spanIDs.contains($0.string("spanId") ?? "") })
        let handled = try #require(traced.first { $0.object("body").string("stringValue") == "command handled" })
        #expect(handled.string("severityText") == "INFO")
    }
}
