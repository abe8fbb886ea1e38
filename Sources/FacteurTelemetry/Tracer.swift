import Synchronization

/// Creates spans for one instrumentation scope, parented on the current span unless told
/// otherwise, shaped like OpenTelemetry's `Tracer`.
public struct Tracer: Sendable {
    /// The scope spans of this tracer are exported under.
    public let scope: InstrumentationScope

    private let processor: (any SpanProcessor)?
    private let clock: any TelemetryClock

    /// Creates a tracer whose recording spans go to `processor`; with `nil` spans still carry
    /// identifiers (for log correlation and propagation) but nothing is recorded.
    public init(
        scope: InstrumentationScope,
        processor: (any SpanProcessor)?,
        clock: any TelemetryClock = SystemTelemetryClock()
    ) {
        self.scope = scope
        self.processor = processor
        self.clock = clock
    }

    /// A tracer that records nothing, for components built without telemetry.
    public static var noop: Tracer {
        Tracer(scope: InstrumentationScope(name: "noop"), processor: nil)
    }

    /// Starts a span; the caller must `end()` it. The parent defaults to the current span.
    ///
    /// Sampling is parent-based always-on: a root is sampled, a child follows its parent's
    /// `sampled` flag, so an upstream decision not to record is respected.
    public func startSpan(
        _ name: String,
        kind: SpanKind = .internal,
        attributes: Attributes = [:],
        parent: SpanContext? = Span.current?.context
    ) -> Span {
        var generator = SystemRandomNumberGenerator()
        let context: SpanContext
        let parentSpanID: SpanID?
        if let parent, parent.isValid {
            context = SpanContext(
                traceID: parent.traceID,
                spanID: .random(using: &generator),
                traceFlags: parent.traceFlags,
                traceState: parent.traceState
            )
            parentSpanID = parent.spanID
        } else {
            context = SpanContext(
                traceID: .random(using: &generator),
                spanID: .random(using: &generator),
                traceFlags: SpanContext.sampledFlag
            )
            parentSpanID = nil
        }
        return Span(
            name: name,
            context: context,
            parentSpanID: parentSpanID,
            kind: kind,
            attributes: attributes,
            scope: scope,
            processor: context.isSampled ? processor : nil,
            clock: clock
        )
    }

    /// Runs `body` inside a new span that is current for its duration and ended after it;
    /// a thrown error is recorded on the span and rethrown.
    public func withSpan<Result, Failure: Error>(
        _ name: String,
        kind: SpanKind = .internal,
        attributes: Attributes = [:],
        parent: SpanContext? = Span.current?.context,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Span) async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        let span = startSpan(name, kind: kind, attributes: attributes, parent: parent)
        defer { span.end() }
        let outcome: Swift.Result<Result, Failure> = await Span.$current.withValue(span, operation: {
            do throws(Failure) {
                return .success(try await body(span))
            } catch {
                return .failure(error)
            }
        }, isolation: isolation)
        if case .failure(let error) = outcome {
            span.recordError(error)
        }
        return try outcome.get()
    }

    /// The synchronous form of `withSpan`, for code that cannot suspend, such as handlers that
    /// run inline on a server thread.
    public func withSpan<Result, Failure: Error>(
        _ name: String,
        kind: SpanKind = .internal,
        attributes: Attributes = [:],
        parent: SpanContext? = Span.current?.context,
        _ body: (Span) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let span = startSpan(name, kind: kind, attributes: attributes, parent: parent)
        defer { span.end() }
        let outcome: Swift.Result<Result, Failure> = Span.$current.withValue(span) {
            do throws(Failure) {
                return .success(try body(span))
            } catch {
                return .failure(error)
            }
        }
        if case .failure(let error) = outcome {
            span.recordError(error)
        }
        return try outcome.get()
    }
}
