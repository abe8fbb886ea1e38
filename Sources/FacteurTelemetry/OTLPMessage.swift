import FacteurProtobuf

/// An OTLP message as a list of fields that renders to either OTLP/HTTP encoding, so each
/// message shape is written once. Fields are appended in field-number order, which makes
/// the binary form match Google's deterministic serialisation byte for byte.
struct OTLPMessage: Sendable {
    /// One field value in the proto types OTLP uses.
    indirect enum Value: Sendable {
        case string(String)
        /// Trace and span IDs: bytes on the wire, hex in JSON (OTLP specification, JSON
        /// Protobuf Encoding).
        case identifier([UInt8])
        /// An `enum` or `uint32`; JSON writes enums as numbers, as OTLP requires.
        case varint32(Int32)
        case bool(Bool)
        case int64(Int64)
        case fixed32(UInt32)
        case fixed64(UInt64)
        case sfixed64(Int64)
        case double(Double)
        case message(OTLPMessage)
        case messages([OTLPMessage])
        case packedFixed64([UInt64])
        case packedDouble([Double])
    }

    struct Field: Sendable {
        let number: Int
        let jsonName: String
        let value: Value
    }

    private(set) var fields: [Field] = []

    /// Appends a field; callers skip default values themselves, as proto3 omits them, but
    /// members of a `oneof` are always appended.
    mutating func append(_ number: Int, _ jsonName: String, _ value: Value) {
        precondition(fields.last.map { $0.number < number } ?? true, "OTLP field \(jsonName) out of order")
        fields.append(Field(number: number, jsonName: jsonName, value: value))
    }

    /// Appends a string unless it is empty.
    mutating func appendString(_ number: Int, _ jsonName: String, _ value: String) {
        if !value.isEmpty {
            append(number, jsonName, .string(value))
        }
    }

    /// Appends repeated messages unless there are none.
    mutating func appendMessages(_ number: Int, _ jsonName: String, _ values: [OTLPMessage]) {
        if !values.isEmpty {
            append(number, jsonName, .messages(values))
        }
    }

    /// The `application/x-protobuf` body.
    func protobufBytes() -> [UInt8] {
        var encoder = ProtobufEncoder()
        write(to: &encoder)
        return encoder.bytes
    }

    private static func packed(_ values: [UInt64]) -> [UInt8] {
        var payload = ProtobufEncoder()
        for value in values {
            payload.appendFixed64(value)
        }
        return payload.bytes
    }

    /// The `application/json` body's value.
    func jsonValue() -> JSONValue {
        .object(fields.map { ($0.jsonName, Self.json($0.value)) })
    }

    private func write(to encoder: inout ProtobufEncoder) {
        for field in fields {
            let number = field.number
            switch field.value {
            case .string(let text):
                encoder.appendLengthDelimited(fieldNumber: number, Array(text.utf8))
            case .identifier(let bytes):
                encoder.appendLengthDelimited(fieldNumber: number, bytes)
            case .varint32(let value):
                encoder.appendVarint(fieldNumber: number, UInt64(bitPattern: Int64(value)))
            case .bool(let flag):
                encoder.appendVarint(fieldNumber: number, flag ? 1 : 0)
            case .int64(let value):
                encoder.appendVarint(fieldNumber: number, UInt64(bitPattern: value))
            case .fixed32(let value):
                encoder.appendFixed32(fieldNumber: number, value)
            case .fixed64(let value):
                encoder.appendFixed64(fieldNumber: number, value)
            case .sfixed64(let value):
                encoder.appendFixed64(fieldNumber: number, UInt64(bitPattern: value))
            case .double(let value):
                encoder.appendFixed64(fieldNumber: number, value.bitPattern)
            case .message(let message):
                encoder.appendLengthDelimited(fieldNumber: number, message.protobufBytes())
            case .messages(let messages):
                for message in messages {
                    encoder.appendLengthDelimited(fieldNumber: number, message.protobufBytes())
                }
            case .packedFixed64(let values):
                encoder.appendLengthDelimited(fieldNumber: number, Self.packed(values))
            case .packedDouble(let values):
                encoder.appendLengthDelimited(fieldNumber: number, Self.packed(values.map(\.bitPattern)))
            }
        }
    }

    /// Proto3 JSON: 64-bit integers as strings, doubles as numbers or the strings `NaN`,
    /// `Infinity` and `-Infinity`.
    private static func json(_ value: Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .identifier(let bytes): .string(HexDigits.format(bytes))
        case .varint32(let number): .integer(Int64(number))
        case .bool(let flag): .bool(flag)
        case .int64(let number): .string(String(number))
        case .fixed32(let number): .integer(Int64(number))
        case .fixed64(let number): .string(String(number))
        case .sfixed64(let number): .string(String(number))
        case .double(let number): json(number)
        case .message(let message): message.jsonValue()
        case .messages(let messages): .array(messages.map { $0.jsonValue() })
        case .packedFixed64(let numbers): .array(numbers.map { .string(String($0)) })
        case .packedDouble(let numbers): .array(numbers.map(json))
        }
    }

    private static func json(_ number: Double) -> JSONValue {
        if number.isNaN { return .string("NaN") }
        if number.isInfinite { return .string(number > 0 ? "Infinity" : "-Infinity") }
        return .double(number)
    }
}
