/// Hands out tracers that share one span processor and clock, and owns their flushing.
public final class TracerProvider: Sendable {
    /// The batching processor when traces are exported; nil when they are not.
    public let processor: BatchSpanProcessor?

    private let clock: any TelemetryClock

    /// Creates a provider; `processor` is nil when no traces endpoint is configured.
    public init(processor: BatchSpanProcessor?, clock: any TelemetryClock = SystemTelemetryClock()) {
        self.processor = processor
        self.clock = clock
    }

    /// A tracer for one instrumentation scope, such as `facteur` or `facteur.kubernetes`.
    public func tracer(name: String, version: String = "") -> Tracer {
        Tracer(scope: InstrumentationScope(name: name, version: version), processor: processor, clock: clock)
    }

    /// Exports every span ended so far, waiting at most `timeout`.
    public func forceFlush(timeout: Duration) async {
        await processor?.forceFlush(timeout: timeout)
    }

    /// Flushes within `timeout`, then stops the processor; later spans are dropped.
    public func shutdown(timeout: Duration) async {
        await processor?.shutdown(timeout: timeout)
    }
}
