import Foundation

/// A parsed or to-be-written JSON value, keeping integers exact so `int64` fields survive
/// the proto3 JSON mapping without passing through `Double`.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// An integer above `Int64.max`; smaller ones are ``integer(_:)``.
    case unsignedInteger(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in order: written in field order, read in the order the parser reports them.
    case object([(key: String, value: JSONValue)])

    /// Parses UTF-8 JSON text, refusing anything that is not one well-formed JSON value.
    public init(parsing data: Data) throws {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as ProtobufJSONError {
            throw error
        } catch {
            throw ProtobufJSONError(code: .invalidJSON, detail: "malformed JSON")
        }
    }

    /// Whether the value is JSON `null`, which the proto3 mapping reads as the field's default.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// The kind of value, for error messages.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .unsignedInteger, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: Decodable {
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: MemberKey.self) {
            self = .object(try container.allKeys.map { key in
                (key.stringValue, try container.decode(JSONValue.self, forKey: key))
            })
        } else if var container = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !container.isAtEnd {
                elements.append(try container.decode(JSONValue.self))
            }
            self = .array(elements)
        } else {
            self = try Self.decodeScalar(try decoder.singleValueContainer())
        }
    }

    private static func decodeScalar(_ container: any SingleValueDecodingContainer) throws -> JSONValue {
        if container.decodeNil() {
            return .null
        }
        if let value = try? container.decode(Bool.self) {
            return .bool(value)
        }
        if let value = try? container.decode(Int64.self) {
            return .integer(value)
        }
        if let value = try? container.decode(UInt64.self) {
            return .unsignedInteger(value)
        }
        if let value = try? container.decode(Double.self) {
            return .double(value)
        }
        return .string(try container.decode(String.self))
    }
}
