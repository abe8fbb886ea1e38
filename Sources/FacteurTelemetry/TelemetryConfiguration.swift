import Foundation

/// The telemetry settings read from the standard OpenTelemetry variables (SPEC section 7;
/// OpenTelemetry "Environment Variable Specification" and "OTLP Exporter Configuration").
public struct TelemetryConfiguration: Sendable {
    /// The two OTLP/HTTP encodings.
    public enum OTLPProtocol: String, Sendable {
        case httpProtobuf = "http/protobuf"
        case httpJSON = "http/json"

        /// The request's `Content-Type`.
        public var contentType: String {
            switch self {
            case .httpProtobuf: "application/x-protobuf"
            case .httpJSON: "application/json"
            }
        }
    }

    /// Where and how one signal is exported.
    public struct Endpoint: Sendable, Equatable {
        /// The full URL requests are posted to.
        public var url: String
        /// `http/protobuf` or `http/json`.
        public var encoding: OTLPProtocol
        /// Sent with every export; values are credentials and never logged.
        public var headers: [(String, String)]
        /// The limit on one request (`OTEL_EXPORTER_OTLP_TIMEOUT`, 10 s by default).
        public var timeout: Duration

        public init(
            url: String,
            encoding: OTLPProtocol,
            headers: [(String, String)] = [],
            timeout: Duration = .seconds(10)
        ) {
            self.url = url
            self.encoding = encoding
            self.headers = headers
            self.timeout = timeout
        }

        public static func == (lhs: Endpoint, rhs: Endpoint) -> Bool {
            lhs.url == rhs.url && lhs.encoding == rhs.encoding && lhs.timeout == rhs.timeout
                && lhs.headers.map { "\($0.0)\u{0}\($0.1)" } == rhs.headers.map { "\($0.0)\u{0}\($0.1)" }
        }
    }

    /// `OTEL_SDK_DISABLED=true`: nothing is exported, `/metrics` still works.
    public var isDisabled = false
    /// `service.*`, `telemetry.sdk.*` and `OTEL_RESOURCE_ATTRIBUTES`.
    public var resource: Resource
    /// Nil when the signal has no endpoint, so it is not exported.
    public var traces: Endpoint?
    public var metrics: Endpoint?
    public var logs: Endpoint?
    /// `OTEL_METRIC_EXPORT_INTERVAL`, 15 s by default.
    public var metricExportInterval: Duration = .milliseconds(15000)
    /// Each problem names its variable; a bad value falls back to the default.
    public var problems: [String] = []

    /// The version of this SDK, reported as `telemetry.sdk.version`.
    public static let sdkVersion = "0.1.0"

    /// Reads the variables from `environment`, never from the process, so tests control it.
    public init(environment: [String: String], serviceVersion: String) {
        var reader = Reader(environment: environment)
        isDisabled = reader.bool("OTEL_SDK_DISABLED")
        resource = reader.resource(serviceVersion: serviceVersion)
        if let milliseconds = reader.positiveInteger("OTEL_METRIC_EXPORT_INTERVAL") {
            metricExportInterval = .milliseconds(milliseconds)
        }
        if !isDisabled {
            traces = reader.endpoint(signal: "traces")
            metrics = reader.endpoint(signal: "metrics")
            logs = reader.endpoint(signal: "logs")
        }
        problems = reader.problems
    }
}

extension TelemetryConfiguration {
    /// Reads variables and collects every problem at once.
    struct Reader {
        let environment: [String: String]
        var problems: [String] = []

        /// A set, non-blank value, trimmed.
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }

        mutating func bool(_ name: String) -> Bool {
            guard let raw = value(name) else { return false }
            switch raw.lowercased() {
            case "true": return true
            case "false": return false
            default:
                problems.append("\(name): \"\(raw)\" is not true or false")
                return false
            }
        }

        mutating func positiveInteger(_ name: String) -> Int? {
            guard let raw = value(name) else { return nil }
            guard let number = Int(raw), number > 0 else {
                if !problems.contains(where: { $0.hasPrefix("\(name):") }) {
                    problems.append("\(name): \"\(raw)\" is not a positive number of milliseconds")
                }
                return nil
            }
            return number
        }

        /// `service.name` defaults to `facteur`; `OTEL_SERVICE_NAME` and
        /// `OTEL_SERVICE_NAMESPACE` win over the same keys in `OTEL_RESOURCE_ATTRIBUTES`.
        mutating func resource(serviceVersion: String) -> Resource {
            var attributes: Attributes = ["service.name": "facteur"]
            if let raw = value("OTEL_RESOURCE_ATTRIBUTES") {
                for (key, value) in keyValueList("OTEL_RESOURCE_ATTRIBUTES", raw) {
                    attributes[key] = .string(value)
                }
            }
            if let name = value("OTEL_SERVICE_NAME") {
                attributes["service.name"] = .string(name)
            }
            if let namespace = value("OTEL_SERVICE_NAMESPACE") {
                attributes["service.namespace"] = .string(namespace)
            }
            attributes["service.version"] = .string(serviceVersion)
            attributes["telemetry.sdk.name"] = "facteur"
            attributes["telemetry.sdk.language"] = "swift"
            attributes["telemetry.sdk.version"] = .string(TelemetryConfiguration.sdkVersion)
            return Resource(attributes: attributes)
        }

        /// The per-signal endpoint is used as given; the base endpoint gets `/v1/<signal>`
        /// appended (OTLP Exporter Configuration, "Endpoint URLs for OTLP/HTTP").
        mutating func endpoint(signal: String) -> Endpoint? {
            let upper = signal.uppercased()
            let url: String
            if let specific = value("OTEL_EXPORTER_OTLP_\(upper)_ENDPOINT") {
                guard isHTTPURL(specific) else {
                    problems.append("OTEL_EXPORTER_OTLP_\(upper)_ENDPOINT: \"\(specific)\" is not an http(s) URL")
                    return nil
                }
                url = specific
            } else if let base = value("OTEL_EXPORTER_OTLP_ENDPOINT") {
                guard isHTTPURL(base) else {
                    if !problems.contains(where: { $0.hasPrefix("OTEL_EXPORTER_OTLP_ENDPOINT:") }) {
                        problems.append("OTEL_EXPORTER_OTLP_ENDPOINT: \"\(base)\" is not an http(s) URL")
                    }
                    return nil
                }
                url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/\(signal)"
            } else {
                return nil
            }

            var encoding = OTLPProtocol.httpProtobuf
            for name in ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_\(upper)_PROTOCOL"] {
                guard let raw = value(name) else { continue }
                if let parsed = OTLPProtocol(rawValue: raw) {
                    encoding = parsed
                } else if !problems.contains(where: { $0.hasPrefix("\(name):") }) {
                    problems.append("\(name): \"\(raw)\" is not http/protobuf or http/json")
                }
            }

            var headers: [(String, String)] = []
            for name in ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_\(upper)_HEADERS"] {
                guard let raw = value(name) else { continue }
                for (key, value) in keyValueList(name, raw, isSecret: true) {
                    headers.removeAll { $0.0.lowercased() == key.lowercased() }
                    headers.append((key, value))
                }
            }

            var timeout = Duration.seconds(10)
            for name in ["OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_\(upper)_TIMEOUT"] {
                if let milliseconds = positiveInteger(name) {
                    timeout = .milliseconds(milliseconds)
                }
            }
            return Endpoint(url: url, encoding: encoding, headers: headers, timeout: timeout)
        }

        /// A W3C-Baggage-style `key=value,key2=value2` list, percent-decoded; a malformed
        /// entry is reported (without its value when it may hold a secret) and skipped.
        mutating func keyValueList(_ name: String, _ raw: String, isSecret: Bool = false) -> [(String, String)] {
            var pairs: [(String, String)] = []
            var isReported = problems.contains { $0.hasPrefix("\(name):") }
            for entry in raw.split(separator: ",", omittingEmptySubsequences: true) {
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard parts.count == 2, !key.isEmpty,
                      let decodedKey = key.removingPercentEncoding,
                      let decodedValue = parts[1].trimmingCharacters(in: .whitespaces).removingPercentEncoding else {
                    if !isReported {
                        let shown = isSecret ? "an entry" : "\"\(entry)\""
                        problems.append("\(name): \(shown) is not key=value with valid percent-encoding")
                        isReported = true
                    }
                    continue
                }
                pairs.append((decodedKey, decodedValue))
            }
            return pairs
        }

        private func isHTTPURL(_ text: String) -> Bool {
            guard let components = URLComponents(string: text),
                  let scheme = components.scheme?.lowercased(),
                  scheme == "http" || scheme == "https",
                  let host = components.host, !host.isEmpty else { return false }
            return true
        }
    }
}
