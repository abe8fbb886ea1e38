import Foundation

/// Protobuf's JSON mapping (https://protobuf.dev/programming-guides/json/): lowerCamelCase names
/// out, either name in, default values omitted, `null` read as the default, unknown members ignored.
extension ProtobufMessage {
    /// Decodes a message from JSON text in protobuf's JSON mapping.
    ///
    /// - Throws: ``ProtobufJSONError`` naming the message and field.
    public init(jsonUTF8Data data: Data) throws {
        self.init()
        try mergeJSON(try JSONValue(parsing: data))
    }

    /// Decodes a message from a JSON string in protobuf's JSON mapping.
    public init(jsonString: String) throws {
        try self.init(jsonUTF8Data: Data(jsonString.utf8))
    }

    /// The message as compact JSON text.
    ///
    /// - Throws: ``ProtobufJSONError`` when a value has no JSON form (a Timestamp outside
    ///   years 1–9999).
    public func jsonString() throws -> String {
        try jsonValue().serialized()
    }

    /// The message as compact UTF-8 JSON.
    public func jsonUTF8Data() throws -> Data {
        Data(try jsonString().utf8)
    }

    public func jsonValue() throws -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        for field in Self.fields {
            do {
                if let value = try field.encodeJSON(self) {
                    members.append((field.jsonName, value))
                }
            } catch var error as ProtobufJSONError {
                error.locate(messageName: Self.protoMessageName, fieldName: field.name)
                throw error
            }
        }
        return .object(members)
    }

    public mutating func mergeJSON(_ value: JSONValue) throws {
        guard case .object(let members) = value else {
            var error = ProtobufJSONError.wrongType(expected: "an object", found: value)
            error.locate(messageName: Self.protoMessageName, fieldName: nil)
            throw error
        }
        let fields = Self.fields
        for member in members {
            guard let field = fields.first(where: { $0.jsonName == member.key || $0.name == member.key }) else {
                continue
            }
            do {
                try field.decodeJSON(&self, member.value)
            } catch var error as ProtobufJSONError {
                error.locate(messageName: Self.protoMessageName, fieldName: field.name)
                throw error
            }
        }
    }
}
