import Synchronization

/// One timed operation in a trace. Recording spans collect attributes, events and status
/// until `end()`, which hands them to the processor without waiting for export.
public final class Span: Sendable {
    /// The span active in the current task, set by `withSpan`; child spans and log lines
    /// read it.
    @TaskLocal public static var current: Span?

    /// The most attributes and events one span keeps; later ones are counted as dropped
    /// (OpenTelemetry SDK span limits default to 128).
    static let attributeLimit = 128
    static let eventLimit = 128

    private struct State {
        var name: String
        var attributes: Attributes
        var events: [SpanEvent] = []
        var status = SpanStatus.unset
        var droppedAttributes = 0
        var droppedEvents = 0
        var isEnded = false
    }

    /// The identifiers children and outgoing calls inherit.
    public let context: SpanContext
    /// The parent within the trace; nil for a root span.
    public let parentSpanID: SpanID?
    /// Server, client, internal, producer or consumer.
    public let kind: SpanKind

    /// Whether the span collects data and is exported; false for unsampled and remote ones.
    public let isRecording: Bool

    let startTimeUnixNano: UInt64
    private let scope: InstrumentationScope
    private let processor: (any SpanProcessor)?
    private let clock: any TelemetryClock
    private let state: Mutex<State>

    init(
        name: String,
        context: SpanContext,
        parentSpanID: SpanID?,
        kind: SpanKind,
        attributes: Attributes,
        scope: InstrumentationScope,
        processor: (any SpanProcessor)?,
        clock: any TelemetryClock
    ) {
        self.context = context
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.isRecording = processor != nil
        self.startTimeUnixNano = clock.unixNanoseconds()
        self.scope = scope
        self.processor = processor
        self.clock = clock
        self.state = Mutex(State(name: name, attributes: [:]))
        setAttributes(attributes)
    }

    /// A span that only carries a context, for a parent extracted from another process.
    public static func remote(_ context: SpanContext) -> Span {
        Span(
            name: "",
            context: context,
            parentSpanID: nil,
            kind: .internal,
            attributes: [:],
            scope: InstrumentationScope(name: ""),
            processor: nil,
            clock: SystemTelemetryClock()
        )
    }

    /// The current name; a server span is renamed once its route is known.
    public var name: String {
        get { state.withLock { $0.name } }
        set { mutate { $0.name = newValue } }
    }

    /// The attributes recorded so far.
    public var attributes: Attributes {
        state.withLock { $0.attributes }
    }

    /// The status set so far.
    public var status: SpanStatus {
        state.withLock { $0.status }
    }

    /// Sets one attribute, replacing an earlier value for the key.
    public func setAttribute(_ key: String, _ value: AttributeValue) {
        setAttributes([key: value])
    }

    /// Sets several attributes at once.
    public func setAttributes(_ attributes: Attributes) {
        guard !attributes.isEmpty else { return }
        mutate { state in
            for (key, value) in attributes {
                if state.attributes[key] == nil, state.attributes.count >= Self.attributeLimit {
                    state.droppedAttributes += 1
                } else {
                    state.attributes[key] = value
                }
            }
        }
    }

    /// Records an event at the current time.
    public func addEvent(_ name: String, attributes: Attributes = [:]) {
        let time = clock.unixNanoseconds()
        mutate { state in
            guard state.events.count < Self.eventLimit else {
                state.droppedEvents += 1
                return
            }
            state.events.append(SpanEvent(name: name, timeUnixNano: time, attributes: attributes))
        }
    }

    /// Sets the status; `ok` cannot be changed afterwards and `unset` is ignored.
    public func setStatus(_ status: SpanStatus) {
        mutate { state in
            guard status != .unset, state.status != .ok else { return }
            state.status = status
        }
    }

    /// Records an `exception` event (OpenTelemetry semantic conventions for exceptions) and
    /// marks the span failed, naming the error's type in `error.type`.
    public func recordError(_ error: any Error, description: String? = nil) {
        let type = String(reflecting: Swift.type(of: error))
        let message = description ?? String(describing: error)
        addEvent("exception", attributes: [
            "exception.type": .string(type),
            "exception.message": .string(message),
        ])
        setAttribute("error.type", .string(type))
        setStatus(.error(description: message))
    }

    /// Ends the span and hands it to the processor; later calls and changes are ignored.
    /// Never blocks on export: the processor only enqueues.
    public func end() {
        let endTime = clock.unixNanoseconds()
        let finished: State? = state.withLock { state in
            guard !state.isEnded else { return nil }
            state.isEnded = true
            return state
        }
        guard let finished, let processor else { return }
        processor.onEnd(SpanData(
            name: finished.name,
            context: context,
            parentSpanID: parentSpanID,
            kind: kind,
            startTimeUnixNano: startTimeUnixNano,
            endTimeUnixNano: max(endTime, startTimeUnixNano),
            attributes: finished.attributes,
            events: finished.events,
            status: finished.status,
            scope: scope,
            droppedAttributesCount: finished.droppedAttributes,
            droppedEventsCount: finished.droppedEvents
        ))
    }

    /// Applies a change while the span records and has not ended.
    private func mutate(_ change: (inout State) -> Void) {
        guard isRecording else { return }
        state.withLock { state in
            guard !state.isEnded else { return }
            change(&state)
        }
    }
}
