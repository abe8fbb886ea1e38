/// Field factories for varint scalars and enums: implicit presence, proto3 `optional`, and
/// repeated (written packed, read packed or unpacked).
extension ProtobufField {
    /// A scalar with implicit presence: the default is neither written nor put in JSON.
    public static func scalar<Value: ProtobufScalar>(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, Value> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .varint)
                message[keyPath: keyPath] = Value(varint: try decoder.readVarint())
            },
            encode: { message, encoder in
                let value = message[keyPath: keyPath]
                guard value != Value.defaultValue else { return }
                encoder.appendTag(fieldNumber: number, wireType: .varint)
                encoder.appendVarint(value.varint)
            },
            encodeJSON: { message in
                let value = message[keyPath: keyPath]
                return value == Value.defaultValue ? nil : value.json
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = json.isNull ? Value.defaultValue : try Value(json: json)
            }
        )
    }

    /// A proto3 `optional` scalar: present (even at its default) or `nil`.
    public static func optionalScalar<Value: ProtobufScalar>(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, Value?> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .varint)
                message[keyPath: keyPath] = Value(varint: try decoder.readVarint())
            },
            encode: { message, encoder in
                guard let value = message[keyPath: keyPath] else { return }
                encoder.appendTag(fieldNumber: number, wireType: .varint)
                encoder.appendVarint(value.varint)
            },
            encodeJSON: { message in
                message[keyPath: keyPath]?.json
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = json.isNull ? nil : try Value(json: json)
            }
        )
    }

    /// A repeated scalar, written packed as proto3 requires and read in either form.
    public static func repeatedScalar<Value: ProtobufScalar>(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, [Value]> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                if wireType == .lengthDelimited {
                    var packed = try decoder.readNestedMessage()
                    while !packed.isAtEnd {
                        message[keyPath: keyPath].append(Value(varint: try packed.readVarint()))
                    }
                } else {
                    try decoder.expect(wireType, .varint)
                    message[keyPath: keyPath].append(Value(varint: try decoder.readVarint()))
                }
            },
            encode: { message, encoder in
                let values = message[keyPath: keyPath]
                guard !values.isEmpty else { return }
                var packed = ProtobufEncoder()
                for value in values {
                    packed.appendVarint(value.varint)
                }
                encoder.appendTag(fieldNumber: number, wireType: .lengthDelimited)
                encoder.appendLengthDelimited(packed.bytes)
            },
            encodeJSON: { message in
                let values = message[keyPath: keyPath]
                return values.isEmpty ? nil : .array(values.map(\.json))
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = try jsonArray(json).map { element in
                    guard !element.isNull else {
                        throw ProtobufJSONError(code: .invalidValue, detail: "null in a repeated field")
                    }
                    return try Value(json: element)
                }
            }
        )
    }

    /// An enum field with implicit presence; unknown numbers are kept as they came.
    public static func enumeration<Value: ProtobufEnum>(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, Value> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .varint)
                message[keyPath: keyPath] = Value(rawValue: Int32(varint: try decoder.readVarint()))
            },
            encode: { message, encoder in
                let value = message[keyPath: keyPath].rawValue
                guard value != 0 else { return }
                encoder.appendTag(fieldNumber: number, wireType: .varint)
                encoder.appendVarint(value.varint)
            },
            encodeJSON: { message in
                let value = message[keyPath: keyPath]
                return value.rawValue == 0 ? nil : value.json
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = json.isNull ? Value.defaultValue : try Value(json: json)
            }
        )
    }

    /// The elements of a JSON array, or an error naming what came instead; `null` is empty.
    static func jsonArray(_ json: JSONValue) throws -> [JSONValue] {
        switch json {
        case .null: return []
        case .array(let elements): return elements
        default: throw ProtobufJSONError.wrongType(expected: "an array", found: json)
        }
    }
}
