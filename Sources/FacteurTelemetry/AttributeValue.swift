/// A span, metric or log attribute value: the scalar and homogeneous-array kinds OTLP's
/// `AnyValue` carries and OpenTelemetry's attribute rules allow.
public enum AttributeValue: Hashable, Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case stringArray([String])
    case intArray([Int64])
    case doubleArray([Double])
    case boolArray([Bool])
}

/// Attributes by key; keys follow OpenTelemetry semantic conventions (`http.request.method`).
public typealias Attributes = [String: AttributeValue]

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension AttributeValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension AttributeValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension AttributeValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AttributeValue {
    /// An integer attribute from a platform `Int`, the type most counts arrive in.
    public static func int(_ value: Int) -> AttributeValue { .int(Int64(value)) }
}

/// An attribute set in key order, the identity metric aggregation groups data points by.
struct AttributeSet: Hashable, Sendable {
    let pairs: [Pair]

    struct Pair: Hashable, Sendable {
        let key: String
        let value: AttributeValue
    }

    init(_ attributes: Attributes) {
        pairs = attributes.map { Pair(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }
}

extension AttributeSet {
    /// The attributes as a dictionary again, for collected data points.
    var attributes: Attributes {
        Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value) })
    }

    /// A stable order for data points, so exports and `/metrics` read the same every time.
    var sortKey: String {
        pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
