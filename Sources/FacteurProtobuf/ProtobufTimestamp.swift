import Foundation

/// `google.protobuf.Timestamp`: seconds and nanoseconds since the Unix epoch, written in
/// JSON as an RFC 3339 string (https://protobuf.dev/reference/protobuf/google.protobuf/#timestamp).
public struct ProtobufTimestamp: ProtobufMessage, Hashable {
    /// Seconds from 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z are valid in JSON.
    public static let validSeconds: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    public static let protoMessageName = "google.protobuf.Timestamp"

    public static let fields: [ProtobufField<ProtobufTimestamp>] = [
        .scalar(1, "seconds", \.seconds),
        .scalar(2, "nanos", \.nanos),
    ]

    public var seconds: Int64
    /// Non-negative fractions of a second, 0 through 999,999,999.
    public var nanos: Int32

    public init() {
        self.init(seconds: 0, nanos: 0)
    }

    public init(seconds: Int64, nanos: Int32 = 0) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// The timestamp nearest to `date`, rounded down to the nanosecond.
    public init(date: Date) {
        let interval = date.timeIntervalSince1970
        let seconds = interval.rounded(.down)
        self.init(seconds: Int64(seconds), nanos: Int32(((interval - seconds) * 1e9).rounded(.down)))
    }

    /// The timestamp as a `Date`, to within `Date`'s precision.
    public var date: Date {
        Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9)
    }

    public func jsonValue() throws -> JSONValue {
        guard let text = rfc3339String else {
            throw ProtobufJSONError(
                code: .unrepresentable,
                detail: "seconds \(seconds) and nanos \(nanos) are outside the JSON range"
            )
        }
        return .string(text)
    }

    public mutating func mergeJSON(_ value: JSONValue) throws {
        guard case .string(let text) = value else {
            throw ProtobufJSONError.wrongType(expected: "an RFC 3339 timestamp string", found: value)
        }
        guard let parsed = Self(rfc3339: text) else {
            throw ProtobufJSONError(code: .invalidValue, detail: "not an RFC 3339 timestamp: \"\(text)\"")
        }
        self = parsed
    }
}
