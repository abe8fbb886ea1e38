/// One metric as collected at one moment, in cumulative temporality: every value counts
/// from `startTimeUnixNano`, when the meter was created.
public struct MetricData: Sendable, Equatable {
    /// A counter or histogram series for one attribute set.
    public enum Points: Sendable, Equatable {
        case sum([NumberPoint], isMonotonic: Bool)
        case histogram([HistogramPoint])
    }

    /// A counter value; integers stay integers on the wire (`as_int`).
    public enum Number: Sendable, Equatable {
        case int(Int64)
        case double(Double)
    }

    /// The value of a sum for one attribute set.
    public struct NumberPoint: Sendable, Equatable {
        public var attributes: Attributes
        public var value: Number
    }

    /// The buckets of a histogram for one attribute set; `bucketCounts` has one more entry
    /// than the boundaries, the last counting values above the highest boundary.
    public struct HistogramPoint: Sendable, Equatable {
        public var attributes: Attributes
        public var count: UInt64
        public var sum: Double
        public var min: Double
        public var max: Double
        public var bucketCounts: [UInt64]
        public var boundaries: [Double]
    }

    public var name: String
    public var description: String
    public var unit: String
    public var scope: InstrumentationScope
    public var startTimeUnixNano: UInt64
    public var timeUnixNano: UInt64
    public var points: Points
}

/// An instrument a meter can collect.
protocol CollectableInstrument: Sendable {
    func collect(scope: InstrumentationScope, startTimeUnixNano: UInt64, timeUnixNano: UInt64) -> MetricData
}

/// The most attribute sets one instrument tracks; beyond it values go to one overflow set
/// (OpenTelemetry metrics SDK, cardinality limits), so memory stays bounded.
enum CardinalityLimit {
    static let maximumSeries = 2000
    static let overflowAttributes: Attributes = ["otel.metric.overflow": true]
}
