/// The 16-byte identifier every span of one trace shares (W3C Trace Context section 3.2.2.3).
public struct TraceID: Hashable, Sendable, CustomStringConvertible {
    /// The first eight bytes, big-endian.
    public let high: UInt64
    /// The last eight bytes, big-endian.
    public let low: UInt64

    /// Creates an identifier from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A random identifier; never all zeros, which W3C Trace Context reserves as invalid.
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> TraceID {
        var id = TraceID(high: generator.next(), low: generator.next())
        while !id.isValid {
            id = TraceID(high: generator.next(), low: generator.next())
        }
        return id
    }

    /// Parses 32 lowercase hex digits; uppercase is refused, as W3C Trace Context requires.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32,
              let high = HexDigits.parse(utf8[0..<16]),
              let low = HexDigits.parse(utf8[16..<32]) else { return nil }
        self.init(high: high, low: low)
    }

    /// Whether any byte is non-zero.
    public var isValid: Bool { high != 0 || low != 0 }

    /// The 16 bytes in wire order, as OTLP's `bytes trace_id` carries them.
    public var bytes: [UInt8] { HexDigits.bigEndianBytes(high) + HexDigits.bigEndianBytes(low) }

    /// 32 lowercase hex digits, the form `traceparent`, OTLP/JSON and log lines use.
    public var hexString: String { HexDigits.format(high) + HexDigits.format(low) }

    public var description: String { hexString }
}

/// The 8-byte identifier of one span.
public struct SpanID: Hashable, Sendable, CustomStringConvertible {
    /// The eight bytes, big-endian.
    public let value: UInt64

    /// Creates an identifier from its bytes as one big-endian integer.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// A random identifier; never all zeros.
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> SpanID {
        var value: UInt64 = generator.next()
        while value == 0 {
            value = generator.next()
        }
        return SpanID(value)
    }

    /// Parses 16 lowercase hex digits.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 16, let value = HexDigits.parse(utf8[...]) else { return nil }
        self.init(value)
    }

    /// Whether any byte is non-zero.
    public var isValid: Bool { value != 0 }

    /// The 8 bytes in wire order.
    public var bytes: [UInt8] { HexDigits.bigEndianBytes(value) }

    /// 16 lowercase hex digits.
    public var hexString: String { HexDigits.format(value) }

    public var description: String { hexString }
}

/// Lowercase hex for identifiers, by hand: `String(format:)` is slow on the span path.
enum HexDigits {
    private static let alphabet = Array("0123456789abcdef".utf8)

    static func format(_ value: UInt64) -> String {
        var digits = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 {
            let shift = UInt64(60 - index * 4)
            digits[index] = alphabet[Int((value >> shift) & 0xF)]
        }
        return String(decoding: digits, as: UTF8.self)
    }

    static func format(_ bytes: [UInt8]) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            digits.append(alphabet[Int(byte >> 4)])
            digits.append(alphabet[Int(byte & 0xF)])
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Parses up to 16 lowercase hex digits into an integer; nil on any other character.
    static func parse(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - $0 * 8)) }
    }
}
