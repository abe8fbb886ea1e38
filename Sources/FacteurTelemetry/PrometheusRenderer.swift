import Foundation

/// Renders collected metrics in the Prometheus text exposition format 0.0.4, for
/// `GET /metrics` (SPEC section 7); counters end in `_total`, histograms expand into
/// cumulative `_bucket{le=…}` series plus `_sum` and `_count`.
public enum PrometheusRenderer {
    /// The `Content-Type` of the rendered text.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The exposition text for `metrics`, one `# HELP`/`# TYPE` block per metric.
    public static func render(_ metrics: [MetricData]) -> String {
        var output = ""
        for metric in metrics {
            switch metric.points {
            case .sum(let points, let isMonotonic):
                var name = sanitizedName(metric.name)
                if isMonotonic, !name.hasSuffix("_total") {
                    name += "_total"
                }
                writeHeader(name: name, type: isMonotonic ? "counter" : "gauge", help: metric.description, to: &output)
                for point in points {
                    output += name + labels(point.attributes) + " " + format(point.value) + "\n"
                }
            case .histogram(let points):
                let name = sanitizedName(metric.name)
                writeHeader(name: name, type: "histogram", help: metric.description, to: &output)
                for point in points {
                    writeHistogram(point, name: name, to: &output)
                }
            }
        }
        return output
    }

    private static func writeHeader(name: String, type: String, help: String, to output: inout String) {
        if !help.isEmpty {
            output += "# HELP \(name) \(escapeHelp(help))\n"
        }
        output += "# TYPE \(name) \(type)\n"
    }

    private static func writeHistogram(_ point: MetricData.HistogramPoint, name: String, to output: inout String) {
        var cumulative: UInt64 = 0
        for (index, count) in point.bucketCounts.enumerated() {
            cumulative += count
            let bound = index < point.boundaries.count ? format(point.boundaries[index]) : "+Inf"
            output += name + "_bucket" + labels(point.attributes, extra: ("le", bound))
                + " \(cumulative)\n"
        }
        output += name + "_sum" + labels(point.attributes) + " " + format(point.sum) + "\n"
        output += name + "_count" + labels(point.attributes) + " \(point.count)\n"
    }

    /// `{k="v",…}` sorted by key, or nothing without labels; `extra` goes last, as `le` does.
    private static func labels(_ attributes: Attributes, extra: (String, String)? = nil) -> String {
        var pairs = attributes.keys.sorted().map { (sanitizedName($0), labelText(attributes[$0]!)) }
        if let extra {
            pairs.append(extra)
        }
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
    }

    private static func labelText(_ value: AttributeValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): format(number)
        case .bool(let flag): String(flag)
        case .stringArray(let values): values.joined(separator: ",")
        case .intArray(let values): values.map(String.init).joined(separator: ",")
        case .doubleArray(let values): values.map(format).joined(separator: ",")
        case .boolArray(let values): values.map(String.init).joined(separator: ",")
        }
    }

    /// Metric and label names allow `[a-zA-Z0-9_:]` and no leading digit; anything else,
    /// such as the dots of OpenTelemetry attribute keys, becomes `_`.
    static func sanitizedName(_ name: String) -> String {
        var result = ""
        for (index, scalar) in name.unicodeScalars.enumerated() {
            let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || scalar == "_" || scalar == ":"
            let isDigit = ("0"..."9").contains(scalar)
            if isLetter || (isDigit && index > 0) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "_"
            }
        }
        return result
    }

    /// Label values escape backslash, double quote and line feed (exposition format).
    static func escapeLabel(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// Help text escapes backslash and line feed only.
    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ number: MetricData.Number) -> String {
        switch number {
        case .int(let value): String(value)
        case .double(let value): format(value)
        }
    }

    /// Integral values without a fraction, infinities as `+Inf`/`-Inf`, NaN as `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
