/// Reads and writes W3C Trace Context (`traceparent`, `tracestate`) on plain header lists,
/// so HTTP requests and Kafka records carry traces without this module knowing either.
public enum TraceContextPropagator {
    /// The header names, lowercase as W3C Trace Context section 3 writes them.
    public static let traceparentName = "traceparent"
    /// The vendor-state header, passed through unchanged.
    public static let tracestateName = "tracestate"

    /// Parses a `traceparent` value (W3C Trace Context section 3.2); nil when it is absent or
    /// malformed, in which case the receiver starts a new trace (section 3.2.1).
    public static func extract(traceparent: String?, tracestate: String? = nil) -> SpanContext? {
        guard let traceparent else { return nil }
        let bytes = Array(traceparent.utf8)

        // Version 00 is exactly 55 characters; a later version may append fields after a
        // dash, which this parser ignores as section 3.2.4 asks. Version ff is invalid.
        guard bytes.count >= 55, bytes[2] == dash, bytes[35] == dash, bytes[52] == dash,
              let version = HexDigits.parse(bytes[0..<2]), version != 0xFF else { return nil }
        if version == 0 {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55, bytes[55] != dash {
            return nil
        }
        guard let high = HexDigits.parse(bytes[3..<19]),
              let low = HexDigits.parse(bytes[19..<35]),
              let span = HexDigits.parse(bytes[36..<52]),
              let flags = HexDigits.parse(bytes[53..<55]) else { return nil }

        let context = SpanContext(
            traceID: TraceID(high: high, low: low),
            spanID: SpanID(span),
            traceFlags: UInt8(flags),
            traceState: tracestate ?? "",
            isRemote: true
        )
        return context.isValid ? context : nil
    }

    /// Extracts from HTTP-style headers, matching names without regard to case.
    public static func extract(headers: [String: String]) -> SpanContext? {
        var traceparent: String?
        var tracestate: String?
        for (name, value) in headers {
            switch name.lowercased() {
            case traceparentName: traceparent = value
            case tracestateName: tracestate = value
            default: break
            }
        }
        return extract(traceparent: traceparent, tracestate: tracestate)
    }

    /// Extracts from Kafka record headers, whose values are bytes; the first of each wins.
    public static func extract(kafkaHeaders: [(String, [UInt8])]) -> SpanContext? {
        let traceparent = kafkaHeaders.first { $0.0.lowercased() == traceparentName }
        let tracestate = kafkaHeaders.first { $0.0.lowercased() == tracestateName }
        return extract(
            traceparent: traceparent.map { String(decoding: $0.1, as: UTF8.self) },
            tracestate: tracestate.map { String(decoding: $0.1, as: UTF8.self) }
        )
    }

    /// The `traceparent` value for a context, always version 00.
    public static func traceparent(for context: SpanContext) -> String {
        let flags = HexDigits.format([context.traceFlags])
        return "00-\(context.traceID.hexString)-\(context.spanID.hexString)-\(flags)"
    }

    /// Sets `traceparent`, and `tracestate` when there is one, replacing any earlier values.
    public static func inject(_ context: SpanContext, into headers: inout [String: String]) {
        for name in headers.keys where [traceparentName, tracestateName].contains(name.lowercased()) {
            headers[name] = nil
        }
        headers[traceparentName] = traceparent(for: context)
        if !context.traceState.isEmpty {
            headers[tracestateName] = context.traceState
        }
    }

    /// Sets `traceparent` and `tracestate` on Kafka record headers, replacing earlier values.
    public static func inject(_ context: SpanContext, into kafkaHeaders: inout [(String, [UInt8])]) {
        kafkaHeaders.removeAll { [traceparentName, tracestateName].contains($0.0.lowercased()) }
        kafkaHeaders.append((traceparentName, Array(traceparent(for: context).utf8)))
        if !context.traceState.isEmpty {
            kafkaHeaders.append((tracestateName, Array(context.traceState.utf8)))
        }
    }

    /// The headers to add to an outgoing call made inside the current span; empty outside one.
    public static func currentHeaders() -> [String: String] {
        var headers: [String: String] = [:]
        if let context = Span.current?.context {
            inject(context, into: &headers)
        }
        return headers
    }

    private static let dash = UInt8(ascii: "-")
}
