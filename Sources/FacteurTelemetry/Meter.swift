import Synchronization

/// Creates instruments for one scope and collects them all at once, shaped like
/// OpenTelemetry's `Meter`; values are cumulative from the meter's creation.
public final class Meter: Sendable {
    /// The scope every instrument of this meter is exported under.
    public let scope: InstrumentationScope

    /// When cumulative counting began, every data point's `start_time_unix_nano`.
    public let startTimeUnixNano: UInt64

    private let clock: any TelemetryClock
    private let instruments = Mutex<[any CollectableInstrument]>([])

    /// Creates a meter; its creation time starts every cumulative series.
    public init(scope: InstrumentationScope, clock: any TelemetryClock = SystemTelemetryClock()) {
        self.scope = scope
        self.clock = clock
        self.startTimeUnixNano = clock.unixNanoseconds()
    }

    /// A counter of `Int` or `Double`; the name is used as given in OTLP and `/metrics`.
    public func makeCounter<Value: CounterValue>(
        _ type: Value.Type = Int.self,
        name: String,
        unit: String = "",
        description: String = ""
    ) -> Counter<Value> {
        let counter = Counter<Value>(name: name, unit: unit, description: description)
        instruments.withLock { $0.append(counter) }
        return counter
    }

    /// A histogram with explicit bucket boundaries.
    public func makeHistogram(
        name: String,
        unit: String = "",
        description: String = "",
        boundaries: [Double] = Histogram.defaultBoundaries
    ) -> Histogram {
        let histogram = Histogram(name: name, unit: unit, description: description, boundaries: boundaries)
        instruments.withLock { $0.append(histogram) }
        return histogram
    }

    /// Every instrument's current cumulative values, in creation order.
    public func collect() -> [MetricData] {
        let now = clock.unixNanoseconds()
        return instruments.withLock { $0 }.map {
            $0.collect(scope: scope, startTimeUnixNano: startTimeUnixNano, timeUnixNano: now)
        }
    }
}
