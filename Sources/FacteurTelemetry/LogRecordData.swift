import FacteurLogging
import Foundation

/// One log line as the OTLP logs exporter sends it, with the trace it was written in.
public struct LogRecordData: Sendable {
    public var timeUnixNano: UInt64
    public var observedTimeUnixNano: UInt64
    /// OTLP `SeverityNumber`: 1 trace, 5 debug, 9 info, 13 warn, 17 error, 21 fatal.
    public var severityNumber: Int32
    public var severityText: String
    public var body: String
    public var attributes: Attributes
    /// The span current when the line was written; nil outside any span.
    public var spanContext: SpanContext?
    /// The logger's label, exported as the instrumentation scope.
    public var scope: InstrumentationScope

    public init(
        timeUnixNano: UInt64,
        observedTimeUnixNano: UInt64,
        severityNumber: Int32,
        severityText: String,
        body: String,
        attributes: Attributes = [:],
        spanContext: SpanContext? = nil,
        scope: InstrumentationScope
    ) {
        self.timeUnixNano = timeUnixNano
        self.observedTimeUnixNano = observedTimeUnixNano
        self.severityNumber = severityNumber
        self.severityText = severityText
        self.body = body
        self.attributes = attributes
        self.spanContext = spanContext
        self.scope = scope
    }

    /// Converts a FacteurLogging record; `trace_id` and `span_id` metadata are left out of
    /// the attributes because the record carries them as fields.
    public init(_ record: LogRecord, spanContext: SpanContext?, observedTimeUnixNano: UInt64) {
        let seconds = record.timestamp.timeIntervalSince1970
        var attributes: Attributes = [:]
        for (key, value) in record.metadata where key != LogCorrelation.traceIDKey && key != LogCorrelation.spanIDKey {
            attributes[key] = Self.attribute(value)
        }
        self.init(
            timeUnixNano: seconds > 0 ? UInt64(seconds * 1_000_000_000) : 0,
            observedTimeUnixNano: observedTimeUnixNano,
            severityNumber: Self.severityNumber(record.level),
            severityText: Self.severityText(record.level),
            body: record.message,
            attributes: attributes,
            spanContext: spanContext,
            scope: InstrumentationScope(name: record.label)
        )
    }

    static func severityNumber(_ level: Logger.Level) -> Int32 {
        switch level {
        case .trace: 1
        case .debug: 5
        case .info: 9
        case .warning: 13
        case .error: 17
        case .critical: 21
        }
    }

    static func severityText(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }

    private static func attribute(_ value: MetadataValue) -> AttributeValue {
        switch value {
        case .string(let text): .string(text)
        case .int(let number): .int(Int64(number))
        case .double(let number): .double(number)
        case .bool(let flag): .bool(flag)
        case .array(let values): .stringArray(values.map(\.description))
        }
    }
}
