import FacteurProtobuf

/// Writes OTLP fields in the protobuf wire format. Varints and length prefixes go through
/// FacteurProtobuf's `ProtobufEncoder`; the fixed-width `fixed32`, `fixed64` and `double` fields OTLP
/// uses for timestamps and values are appended here, since that encoder has no
/// fixed-width appends.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func appendVarint(_ number: Int, _ value: UInt64) {
        var encoder = ProtobufEncoder()
        encoder.appendTag(fieldNumber: number, wireType: .varint)
        encoder.appendVarint(value)
        bytes += encoder.bytes
    }

    mutating func appendLengthDelimited(_ number: Int, _ value: [UInt8]) {
        var encoder = ProtobufEncoder()
        encoder.appendTag(fieldNumber: number, wireType: .lengthDelimited)
        encoder.appendLengthDelimited(value)
        bytes += encoder.bytes
    }

    mutating func appendFixed64(_ number: Int, _ value: UInt64) {
        var encoder = ProtobufEncoder()
        encoder.appendTag(fieldNumber: number, wireType: .fixed64)
        bytes += encoder.bytes
        bytes += Self.littleEndian(value)
    }

    mutating func appendFixed32(_ number: Int, _ value: UInt32) {
        var encoder = ProtobufEncoder()
        encoder.appendTag(fieldNumber: number, wireType: .fixed32)
        bytes += encoder.bytes
        bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32($0 * 8)) }
    }

    /// The eight bytes of a fixed-width field, least significant first (protobuf encoding).
    static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64($0 * 8)) }
    }
}
