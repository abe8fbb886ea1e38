import Synchronization

/// A distribution per attribute set over fixed bucket boundaries, such as event durations in
/// milliseconds; boundaries are upper bounds, inclusive, as OTLP and Prometheus define them.
public final class Histogram: Sendable {
    /// The boundaries the OpenTelemetry SDK uses when an instrument gives none.
    public static let defaultBoundaries: [Double] = [
        0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
    ]

    struct Series {
        var bucketCounts: [UInt64]
        var count: UInt64 = 0
        var sum: Double = 0
        var min = Double.infinity
        var max = -Double.infinity
    }

    /// The metric name in OTLP and `/metrics`.
    public let name: String
    public let unit: String
    public let description: String
    /// Inclusive upper bounds of the buckets, ascending.
    public let boundaries: [Double]

    private let series = Mutex<[AttributeSet: Series]>([:])

    init(name: String, unit: String, description: String, boundaries: [Double]) {
        precondition(zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 < $1 },
                     "histogram \(name) boundaries must be strictly increasing")
        self.name = name
        self.unit = unit
        self.description = description
        self.boundaries = boundaries
    }

    /// Records one measurement; NaN is ignored, as it belongs in no bucket.
    public func record(_ value: Double, attributes: Attributes = [:]) {
        guard !value.isNaN else { return }
        let bucket = boundaries.firstIndex { value <= $0 } ?? boundaries.count
        let key = AttributeSet(attributes)
        let empty = Series(bucketCounts: Array(repeating: 0, count: boundaries.count + 1))
        series.withLock { series in
            let target = series[key] == nil && series.count >= CardinalityLimit.maximumSeries
                ? AttributeSet(CardinalityLimit.overflowAttributes)
                : key
            series[target, default: empty].bucketCounts[bucket] += 1
            series[target]!.count += 1
            series[target]!.sum += value
            series[target]!.min = Swift.min(series[target]!.min, value)
            series[target]!.max = Swift.max(series[target]!.max, value)
        }
    }
}

extension Histogram: CollectableInstrument {
    func collect(scope: InstrumentationScope, startTimeUnixNano: UInt64, timeUnixNano: UInt64) -> MetricData {
        let snapshot = series.withLock { $0 }
        let points = snapshot
            .sorted { $0.key.sortKey < $1.key.sortKey }
            .map { entry in
                MetricData.HistogramPoint(
                    attributes: entry.key.attributes,
                    count: entry.value.count,
                    sum: entry.value.sum,
                    min: entry.value.min,
                    max: entry.value.max,
                    bucketCounts: entry.value.bucketCounts,
                    boundaries: boundaries
                )
            }
        return MetricData(
            name: name,
            description: description,
            unit: unit,
            scope: scope,
            startTimeUnixNano: startTimeUnixNano,
            timeUnixNano: timeUnixNano,
            points: .histogram(points)
        )
    }
}
