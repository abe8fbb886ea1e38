/// Sends finished spans somewhere; the batch processor calls it from its background task.
public protocol SpanExporter: Sendable {
    func export(_ spans: [SpanData]) async throws(TelemetryError)
}

/// Sends log records somewhere; the batch processor calls it from its background task.
public protocol LogRecordExporter: Sendable {
    func export(_ records: [LogRecordData]) async throws(TelemetryError)
}

/// Sends collected metrics somewhere; the periodic reader calls it every interval.
public protocol MetricExporter: Sendable {
    func export(_ metrics: [MetricData]) async throws(TelemetryError)
}
