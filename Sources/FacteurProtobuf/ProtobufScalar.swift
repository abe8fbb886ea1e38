/// A varint-encoded scalar type (`bool`, `int32`, `int64`, `uint32`, `uint64`) with its
/// proto3 JSON form.
public protocol ProtobufScalar: Sendable, Equatable {
    /// The proto3 default, which implicit-presence fields never write.
    static var defaultValue: Self { get }

    /// The value a decoded varint stands for; wider varints are truncated, as Google does.
    init(varint: UInt64)

    /// The varint that encodes the value; negative signed values sign-extend to 64 bits.
    var varint: UInt64 { get }

    /// Reads the JSON form: numbers or decimal strings for integers, `true`/`false` for `bool`.
    init(json: JSONValue) throws

    /// The JSON form: numbers for 32-bit integers, decimal strings for 64-bit ones.
    var json: JSONValue { get }
}

extension Bool: ProtobufScalar {
    public static var defaultValue: Bool { false }

    public init(varint: UInt64) {
        self = varint != 0
    }

    public var varint: UInt64 { self ? 1 : 0 }

    public init(json: JSONValue) throws {
        guard case .bool(let value) = json else {
            throw ProtobufJSONError.wrongType(expected: "a boolean", found: json)
        }
        self = value
    }

    public var json: JSONValue { .bool(self) }
}

extension Int32: ProtobufScalar {
    public static var defaultValue: Int32 { 0 }

    public init(varint: UInt64) {
        self.init(truncatingIfNeeded: varint)
    }

    public var varint: UInt64 { UInt64(bitPattern: Int64(self)) }

    public init(json: JSONValue) throws {
        self = try integer(from: json)
    }

    public var json: JSONValue { .integer(Int64(self)) }
}

extension Int64: ProtobufScalar {
    public static var defaultValue: Int64 { 0 }

    public init(varint: UInt64) {
        self.init(bitPattern: varint)
    }

    public var varint: UInt64 { UInt64(bitPattern: self) }

    public init(json: JSONValue) throws {
        self = try integer(from: json)
    }

    public var json: JSONValue { .string(String(self)) }
}

extension UInt32: ProtobufScalar {
    public static var defaultValue: UInt32 { 0 }

    public init(varint: UInt64) {
        self.init(truncatingIfNeeded: varint)
    }

    public var varint: UInt64 { UInt64(self) }

    public init(json: JSONValue) throws {
        self = try integer(from: json)
    }

    public var json: JSONValue { .integer(Int64(self)) }
}

extension UInt64: ProtobufScalar {
    public static var defaultValue: UInt64 { 0 }

    public init(varint: UInt64) {
        self = varint
    }

    public var varint: UInt64 { self }

    public init(json: JSONValue) throws {
        self = try integer(from: json)
    }

    public var json: JSONValue { .string(String(self)) }
}

/// An integer from a JSON number or decimal string, refusing fractions and out-of-range values.
func integer<Integer: FixedWidthInteger>(from json: JSONValue) throws -> Integer {
    let converted: Integer? = switch json {
    case .integer(let value): Integer(exactly: value)
    case .unsignedInteger(let value): Integer(exactly: value)
    case .double(let value): Integer(exactly: value)
    case .string(let text): Integer(text, radix: 10)
    default: throw ProtobufJSONError.wrongType(expected: "an integer", found: json)
    }
    guard let converted else {
        throw ProtobufJSONError(code: .invalidValue, detail: "not a valid \(Integer.self): \(json.serialized())")
    }
    return converted
}
