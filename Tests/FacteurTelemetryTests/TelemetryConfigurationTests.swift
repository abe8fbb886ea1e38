import FacteurTelemetry
import Testing

@Suite("Telemetry configuration from OTEL_* variables", .timeLimit(.minutes(1)))
struct TelemetryConfigurationTests {
    @Test("With no variables nothing is exported and the resource has the defaults")
    func defaults() {
        let configuration = TelemetryConfiguration(environment: [:], serviceVersion: "1.2.3")
        #expect(configuration.traces == nil && configuration.metrics == nil && configuration.logs == nil)
        #expect(configuration.metricExportInterval == .milliseconds(15000))
        #expect(configuration.problems.isEmpty)
        #expect(configuration.resource.attributes == [
            "service.name": "facteur",
            "service.version": "1.2.3",
            "telemetry.sdk.name": "facteur",
            "telemetry.sdk.language": "swift",
            "telemetry.sdk.version": .string(TelemetryConfiguration.sdkVersion),
        ])
    }

    @Test("The base endpoint gains /v1/<signal>; per-signal endpoints are used as given")
    func endpoints() throws {
        let configuration = TelemetryConfiguration(environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/",
            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "https://logs.example/custom/path",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
            "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "http/protobuf",
            "OTEL_METRIC_EXPORT_INTERVAL": "5000",
        ], serviceVersion: "1")
        #expect(configuration.traces?.url == "http://collector:4318/v1/traces")
        #expect(configuration.metrics?.url == "http://collector:4318/v1/metrics")
        #expect(configuration.logs?.url == "https://logs.example/custom/path")
        #expect(configuration.traces?.encoding == .httpJSON)
        #expect(configuration.metrics?.encoding == .httpProtobuf)
        #expect(configuration.metricExportInterval == .milliseconds(5000))
        #expect(configuration.problems.isEmpty)
    }

    @Test("Headers and resource attributes are percent-decoded; service variables win")
    func decoding() throws {
        let configuration = TelemetryConfiguration(environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318",
            "OTEL_EXPORTER_OTLP_HEADERS": "Authorization=Bearer%20abc,X-Scope-OrgID=team%2Ca",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-scope-orgid=traces",
            "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=prod%20eu, service.name=ignored,team=a%3Db",
            "OTEL_SERVICE_NAME": "facteur-eu",
            "OTEL_SERVICE_NAMESPACE": "bots",
        ], serviceVersion: "1")
        let metricsHeaders = try #require(configuration.metrics?.headers)
        #expect(metricsHeaders.map(\.0) == ["Authorization", "X-Scope-OrgID"])
        #expect(metricsHeaders.map(\.1) == ["Bearer abc", "team,a"])
        #expect(configuration.traces?.headers.map(\.1) == ["Bearer abc", "traces"])
        let attributes = configuration.resource.attributes
        #expect(attributes["service.name"] == "facteur-eu")
        #expect(attributes["service.namespace"] == "bots")
        #expect(attributes["deployment.environment"] == "prod eu")
        #expect(attributes["team"] == "a=b")
    }

    @Test("OTEL_SDK_DISABLED turns every exporter off")
    func disabled() {
        let configuration = TelemetryConfiguration(environment: [
            "OTEL_SDK_DISABLED": "TRUE",
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318",
        ], serviceVersion: "1")
        #expect(configuration.isDisabled)
        #expect(configuration.traces == nil && configuration.metrics == nil && configuration.logs == nil)
    }

    @Test("Bad values are reported once each, naming the variable, and never leak header values")
    func problems() {
        let configuration = TelemetryConfiguration(environment: [
            "OTEL_SDK_DISABLED": "maybe",
            "OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
            "OTEL_EXPORTER_OTLP_HEADERS": "secret-token-without-key",
            "OTEL_METRIC_EXPORT_INTERVAL": "-5",
            "OTEL_RESOURCE_ATTRIBUTES": "bad%zz=1",
        ], serviceVersion: "1")
        let names = configuration.problems.map { String($0.prefix { $0 != ":" }) }
        #expect(names.sorted() == [
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_METRIC_EXPORT_INTERVAL",
            "OTEL_RESOURCE_ATTRIBUTES",
            "OTEL_SDK_DISABLED",
        ])
        #expect(!configuration.problems.joined().contains("secret-token"))
        #expect(configuration.traces?.url == "http://collector:4318/v1/traces")
        #expect(configuration.metrics == nil)
    }
}
