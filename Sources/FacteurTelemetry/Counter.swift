import Synchronization

/// A number a counter can add: `Int` for counts, `Double` for amounts.
public protocol CounterValue: Sendable, AdditiveArithmetic, Comparable {
    var metricNumber: MetricData.Number { get }
}

extension Int: CounterValue {
    public var metricNumber: MetricData.Number { .int(Int64(self)) }
}

extension Double: CounterValue {
    public var metricNumber: MetricData.Number { .double(self) }
}

/// A monotonic sum per attribute set, such as events processed per command.
public final class Counter<Value: CounterValue>: Sendable {
    /// The metric name in OTLP and `/metrics`.
    public let name: String
    public let unit: String
    public let description: String

    private let series = Mutex<[AttributeSet: Value]>([:])

    init(name: String, unit: String, description: String) {
        self.name = name
        self.unit = unit
        self.description = description
    }

    /// Adds `value`; a negative value is ignored, since a counter only grows.
    public func add(_ value: Value, attributes: Attributes = [:]) {
        guard value >= .zero else { return }
        let key = AttributeSet(attributes)
        series.withLock { series in
            if series[key] == nil, series.count >= CardinalityLimit.maximumSeries {
                series[AttributeSet(CardinalityLimit.overflowAttributes), default: .zero] += value
            } else {
                series[key, default: .zero] += value
            }
        }
    }

    /// The current total for one attribute set, zero when nothing was added.
    public func value(attributes: Attributes = [:]) -> Value {
        series.withLock { $0[AttributeSet(attributes)] ?? .zero }
    }
}

extension Counter: CollectableInstrument {
    func collect(scope: InstrumentationScope, startTimeUnixNano: UInt64, timeUnixNano: UInt64) -> MetricData {
        let snapshot = series.withLock { $0 }
        let points = snapshot
            .sorted { $0.key.sortKey < $1.key.sortKey }
            .map { MetricData.NumberPoint(attributes: $0.key.attributes, value: $0.value.metricNumber) }
        return MetricData(
            name: name,
            description: description,
            unit: unit,
            scope: scope,
            startTimeUnixNano: startTimeUnixNano,
            timeUnixNano: timeUnixNano,
            points: .sum(points, isMonotonic: true)
        )
    }
}
