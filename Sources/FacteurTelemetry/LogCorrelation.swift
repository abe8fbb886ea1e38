import FacteurLogging

/// Connects FacteurLogging to tracing: log lines written inside a span carry its IDs
/// (SPEC section 7), and records can be forwarded to the OTLP logs exporter.
public enum LogCorrelation {
    /// The metadata keys of the current trace and span, as SPEC section 7 names them.
    public static let traceIDKey = "trace_id"
    /// The metadata key of the current span ID.
    public static let spanIDKey = "span_id"

    /// A `LogSink` metadata provider adding `trace_id` and `span_id` inside a span.
    public static let metadataProvider: LogSink.MetadataProvider = {
        guard let context = Span.current?.context else { return [:] }
        return [
            traceIDKey: .string(context.traceID.hexString),
            spanIDKey: .string(context.spanID.hexString),
        ]
    }
}
