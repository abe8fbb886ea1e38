/// Builds the OTLP request messages (opentelemetry-proto `collector/*/v1`) from collected
/// telemetry, grouping by instrumentation scope under one resource.
enum OTLPEncoding {
    /// `ExportTraceServiceRequest`.
    static func traces(_ spans: [SpanData], resource: Resource) -> OTLPMessage {
        let scopes = grouped(spans, by: \.scope).map { scope, spans in
            var scopeSpans = OTLPMessage()
            scopeSpans.append(1, "scope", .message(self.scope(scope)))
            scopeSpans.appendMessages(2, "spans", spans.map(span))
            return scopeSpans
        }
        return request(resource: resource, scopesField: 2, scopesName: "scopeSpans", scopes: scopes,
                       outerName: "resourceSpans")
    }

    /// `ExportMetricsServiceRequest`.
    static func metrics(_ metrics: [MetricData], resource: Resource) -> OTLPMessage {
        let scopes = grouped(metrics, by: \.scope).map { scope, metrics in
            var scopeMetrics = OTLPMessage()
            scopeMetrics.append(1, "scope", .message(self.scope(scope)))
            scopeMetrics.appendMessages(2, "metrics", metrics.map(metric))
            return scopeMetrics
        }
        return request(resource: resource, scopesField: 2, scopesName: "scopeMetrics", scopes: scopes,
                       outerName: "resourceMetrics")
    }

    /// `ExportLogsServiceRequest`.
    static func logs(_ records: [LogRecordData], resource: Resource) -> OTLPMessage {
        let scopes = grouped(records, by: \.scope).map { scope, records in
            var scopeLogs = OTLPMessage()
            scopeLogs.append(1, "scope", .message(self.scope(scope)))
            scopeLogs.appendMessages(2, "logRecords", records.map(logRecord))
            return scopeLogs
        }
        return request(resource: resource, scopesField: 2, scopesName: "scopeLogs", scopes: scopes,
                       outerName: "resourceLogs")
    }

    private static func request(
        resource: Resource,
        scopesField: Int,
        scopesName: String,
        scopes: [OTLPMessage],
        outerName: String
    ) -> OTLPMessage {
        var resourceMessage = OTLPMessage()
        resourceMessage.appendMessages(1, "attributes", keyValues(resource.attributes))
        var outer = OTLPMessage()
        outer.append(1, "resource", .message(resourceMessage))
        outer.appendMessages(scopesField, scopesName, scopes)
        var request = OTLPMessage()
        request.append(1, outerName, .messages([outer]))
        return request
    }

    /// Items grouped by scope, scopes in order of first appearance.
    private static func grouped<Item>(
        _ items: [Item],
        by scope: KeyPath<Item, InstrumentationScope>
    ) -> [(InstrumentationScope, [Item])] {
        var order: [InstrumentationScope] = []
        var groups: [InstrumentationScope: [Item]] = [:]
        for item in items {
            let key = item[keyPath: scope]
            if groups[key] == nil {
                order.append(key)
            }
            groups[key, default: []].append(item)
        }
        return order.map { ($0, groups[$0]!) }
    }

    static func scope(_ scope: InstrumentationScope) -> OTLPMessage {
        var message = OTLPMessage()
        message.appendString(1, "name", scope.name)
        message.appendString(2, "version", scope.version)
        return message
    }

    /// `Span` (trace.proto).
    static func span(_ span: SpanData) -> OTLPMessage {
        var message = OTLPMessage()
        message.append(1, "traceId", .identifier(span.context.traceID.bytes))
        message.append(2, "spanId", .identifier(span.context.spanID.bytes))
        message.appendString(3, "traceState", span.context.traceState)
        if let parent = span.parentSpanID {
            message.append(4, "parentSpanId", .identifier(parent.bytes))
        }
        message.appendString(5, "name", span.name)
        message.append(6, "kind", .varint32(span.kind.rawValue))
        message.append(7, "startTimeUnixNano", .fixed64(span.startTimeUnixNano))
        message.append(8, "endTimeUnixNano", .fixed64(span.endTimeUnixNano))
        message.appendMessages(9, "attributes", keyValues(span.attributes))
        if span.droppedAttributesCount > 0 {
            message.append(10, "droppedAttributesCount", .varint32(Int32(clamping: span.droppedAttributesCount)))
        }
        message.appendMessages(11, "events", span.events.map(event))
        if span.droppedEventsCount > 0 {
            message.append(12, "droppedEventsCount", .varint32(Int32(clamping: span.droppedEventsCount)))
        }
        if span.status != .unset {
            var status = OTLPMessage()
            if case .error(let description) = span.status {
                status.appendString(2, "message", description)
            }
            status.append(3, "code", .varint32(span.status.code))
            message.append(15, "status", .message(status))
        }
        return message
    }

    private static func event(_ event: SpanEvent) -> OTLPMessage {
        var message = OTLPMessage()
        message.append(1, "timeUnixNano", .fixed64(event.timeUnixNano))
        message.appendString(2, "name", event.name)
        message.appendMessages(3, "attributes", keyValues(event.attributes))
        return message
    }

    /// `Metric` with a cumulative `Sum` or `Histogram` (metrics.proto).
    static func metric(_ metric: MetricData) -> OTLPMessage {
        var message = OTLPMessage()
        message.appendString(1, "name", metric.name)
        message.appendString(2, "description", metric.description)
        message.appendString(3, "unit", metric.unit)
        switch metric.points {
        case .sum(let points, let isMonotonic):
            var sum = OTLPMessage()
            sum.appendMessages(1, "dataPoints", points.map { numberPoint($0, metric) })
            sum.append(2, "aggregationTemporality", .varint32(cumulative))
            if isMonotonic {
                sum.append(3, "isMonotonic", .bool(true))
            }
            message.append(7, "sum", .message(sum))
        case .histogram(let points):
            var histogram = OTLPMessage()
            histogram.appendMessages(1, "dataPoints", points.map { histogramPoint($0, metric) })
            histogram.append(2, "aggregationTemporality", .varint32(cumulative))
            message.append(9, "histogram", .message(histogram))
        }
        return message
    }

    /// `AGGREGATION_TEMPORALITY_CUMULATIVE`.
    private static let cumulative: Int32 = 2

    private static func numberPoint(_ point: MetricData.NumberPoint, _ metric: MetricData) -> OTLPMessage {
        var message = OTLPMessage()
        message.append(2, "startTimeUnixNano", .fixed64(metric.startTimeUnixNano))
        message.append(3, "timeUnixNano", .fixed64(metric.timeUnixNano))
        switch point.value {
        case .double(let value): message.append(4, "asDouble", .double(value))
        case .int(let value): message.append(6, "asInt", .sfixed64(value))
        }
        message.appendMessages(7, "attributes", keyValues(point.attributes))
        return message
    }

    private static func histogramPoint(_ point: MetricData.HistogramPoint, _ metric: MetricData) -> OTLPMessage {
        var message = OTLPMessage()
        message.append(2, "startTimeUnixNano", .fixed64(metric.startTimeUnixNano))
        message.append(3, "timeUnixNano", .fixed64(metric.timeUnixNano))
        if point.count > 0 {
            message.append(4, "count", .fixed64(point.count))
        }
        message.append(5, "sum", .double(point.sum))
        message.append(6, "bucketCounts", .packedFixed64(point.bucketCounts))
        if !point.boundaries.isEmpty {
            message.append(7, "explicitBounds", .packedDouble(point.boundaries))
        }
        message.appendMessages(9, "attributes", keyValues(point.attributes))
        if point.count > 0 {
            message.append(11, "min", .double(point.min))
            message.append(12, "max", .double(point.max))
        }
        return message
    }

    /// `LogRecord` (logs.proto).
    static func logRecord(_ record: LogRecordData) -> OTLPMessage {
        var message = OTLPMessage()
        message.append(1, "timeUnixNano", .fixed64(record.timeUnixNano))
        message.append(2, "severityNumber", .varint32(record.severityNumber))
        message.appendString(3, "severityText", record.severityText)
        message.append(5, "body", .message(anyValue(.string(record.body))))
        message.appendMessages(6, "attributes", keyValues(record.attributes))
        if let context = record.spanContext {
            message.append(8, "flags", .fixed32(UInt32(context.traceFlags)))
            message.append(9, "traceId", .identifier(context.traceID.bytes))
            message.append(10, "spanId", .identifier(context.spanID.bytes))
        }
        message.append(11, "observedTimeUnixNano", .fixed64(record.observedTimeUnixNano))
        return message
    }

    /// `KeyValue` list in key order, so encodings are deterministic.
    static func keyValues(_ attributes: Attributes) -> [OTLPMessage] {
        attributes.keys.sorted().map { key in
            var message = OTLPMessage()
            message.appendString(1, "key", key)
            message.append(2, "value", .message(anyValue(attributes[key]!)))
            return message
        }
    }

    /// `AnyValue`: a `oneof`, so even a default value is written.
    static func anyValue(_ value: AttributeValue) -> OTLPMessage {
        var message = OTLPMessage()
        switch value {
        case .string(let text): message.append(1, "stringValue", .string(text))
        case .bool(let flag): message.append(2, "boolValue", .bool(flag))
        case .int(let number): message.append(3, "intValue", .int64(number))
        case .double(let number): message.append(4, "doubleValue", .double(number))
        case .stringArray(let values): message.append(5, "arrayValue", .message(array(values.map { .string($0) })))
        case .intArray(let values): message.append(5, "arrayValue", .message(array(values.map { .int($0) })))
        case .doubleArray(let values): message.append(5, "arrayValue", .message(array(values.map { .double($0) })))
        case .boolArray(let values): message.append(5, "arrayValue", .message(array(values.map { .bool($0) })))
        }
        return message
    }

    private static func array(_ values: [AttributeValue]) -> OTLPMessage {
        var message = OTLPMessage()
        message.appendMessages(1, "values", values.map(anyValue))
        return message
    }
}
