/// Appends protobuf wire-format values to a byte buffer; messages write their fields through it.
public struct ProtobufEncoder: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends a base-128 varint; negative `int32` and `int64` values arrive here
    /// sign-extended to 64 bits and so take ten bytes, as Google's encoders write them.
    public mutating func appendVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Appends the key of a field: its number shifted past the three wire-type bits.
    public mutating func appendTag(fieldNumber: Int, wireType: WireType) {
        appendVarint(UInt64(fieldNumber) << 3 | UInt64(wireType.rawValue))
    }

    /// Appends a length prefix and the bytes it covers.
    public mutating func appendLengthDelimited(_ value: some Collection<UInt8>) {
        appendVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends a whole `string` field, tag included.
    public mutating func appendString(fieldNumber: Int, _ value: String) {
        appendLengthDelimited(fieldNumber: fieldNumber, value.utf8)
    }

    /// Appends a whole embedded-message field, tag and length prefix included.
    public mutating func appendMessage(fieldNumber: Int, _ message: some ProtobufMessage) {
        var nested = ProtobufEncoder()
        message.encodeMessage(to: &nested)
        appendLengthDelimited(fieldNumber: fieldNumber, nested.bytes)
    }

    /// Appends a whole varint field, tag included.
    public mutating func appendVarint(fieldNumber: Int, _ value: UInt64) {
        appendTag(fieldNumber: fieldNumber, wireType: .varint)
        appendVarint(value)
    }

    /// Appends a whole length-delimited field whose payload is already encoded.
    public mutating func appendLengthDelimited(fieldNumber: Int, _ value: some Collection<UInt8>) {
        appendTag(fieldNumber: fieldNumber, wireType: .lengthDelimited)
        appendLengthDelimited(value)
    }

    /// Appends eight bytes, least significant first, as `fixed64`, `sfixed64` and `double` are.
    public mutating func appendFixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Appends a whole `fixed64` (or `sfixed64`, `double`) field, tag included.
    public mutating func appendFixed64(fieldNumber: Int, _ value: UInt64) {
        appendTag(fieldNumber: fieldNumber, wireType: .fixed64)
        appendFixed64(value)
    }

    /// Appends a whole `fixed32` field, tag included, least significant byte first.
    public mutating func appendFixed32(fieldNumber: Int, _ value: UInt32) {
        appendTag(fieldNumber: fieldNumber, wireType: .fixed32)
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }
}
