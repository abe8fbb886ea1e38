/// The role a span plays in its trace, as OTLP's `Span.SpanKind` numbers it.
public enum SpanKind: Int32, Sendable, CaseIterable {
    case `internal` = 1
    case server = 2
    case client = 3
    case producer = 4
    case consumer = 5
}

/// A span's outcome; `ok` is final and `unset` never overrides (OpenTelemetry trace API,
/// "Set Status").
public enum SpanStatus: Hashable, Sendable {
    case unset
    case ok
    case error(description: String)

    /// OTLP's `Status.StatusCode` number.
    var code: Int32 {
        switch self {
        case .unset: 0
        case .ok: 1
        case .error: 2
        }
    }
}

/// Something that happened at one moment during a span, such as an exception.
public struct SpanEvent: Sendable, Equatable {
    public var name: String
    public var timeUnixNano: UInt64
    public var attributes: Attributes

    public init(name: String, timeUnixNano: UInt64, attributes: Attributes = [:]) {
        self.name = name
        self.timeUnixNano = timeUnixNano
        self.attributes = attributes
    }
}

/// The name and version of the code that created spans or instruments (OTLP
/// `InstrumentationScope`).
public struct InstrumentationScope: Hashable, Sendable {
    public var name: String
    public var version: String

    public init(name: String, version: String = "") {
        self.name = name
        self.version = version
    }
}

/// A finished span, immutable, as the processor queues it and exporters encode it.
public struct SpanData: Sendable {
    public var name: String
    public var context: SpanContext
    public var parentSpanID: SpanID?
    public var kind: SpanKind
    public var startTimeUnixNano: UInt64
    public var endTimeUnixNano: UInt64
    public var attributes: Attributes
    public var events: [SpanEvent]
    public var status: SpanStatus
    public var scope: InstrumentationScope
    public var droppedAttributesCount: Int
    public var droppedEventsCount: Int

    public init(
        name: String,
        context: SpanContext,
        parentSpanID: SpanID? = nil,
        kind: SpanKind = .internal,
        startTimeUnixNano: UInt64,
        endTimeUnixNano: UInt64,
        attributes: Attributes = [:],
        events: [SpanEvent] = [],
        status: SpanStatus = .unset,
        scope: InstrumentationScope,
        droppedAttributesCount: Int = 0,
        droppedEventsCount: Int = 0
    ) {
        self.name = name
        self.context = context
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.startTimeUnixNano = startTimeUnixNano
        self.endTimeUnixNano = endTimeUnixNano
        self.attributes = attributes
        self.events = events
        self.status = status
        self.scope = scope
        self.droppedAttributesCount = droppedAttributesCount
        self.droppedEventsCount = droppedEventsCount
    }
}

/// Receives spans as they end; `onEnd` runs on the caller's thread, so it must only enqueue.
public protocol SpanProcessor: Sendable {
    func onEnd(_ span: SpanData)
}
