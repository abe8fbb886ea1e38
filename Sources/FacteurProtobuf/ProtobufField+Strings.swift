/// Field factories for `string` fields: implicit presence, proto3 `optional`, repeated, and
/// `map<string, string>`.
extension ProtobufField {
    /// A string with implicit presence: the empty string is neither written nor put in JSON.
    public static func string(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, String> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .lengthDelimited)
                message[keyPath: keyPath] = try decoder.readString()
            },
            encode: { message, encoder in
                let value = message[keyPath: keyPath]
                guard !value.isEmpty else { return }
                encoder.appendString(fieldNumber: number, value)
            },
            encodeJSON: { message in
                let value = message[keyPath: keyPath]
                return value.isEmpty ? nil : .string(value)
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = try jsonString(json) ?? ""
            }
        )
    }

    /// A proto3 `optional` string: present (even when empty) or `nil`.
    public static func optionalString(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, String?> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .lengthDelimited)
                message[keyPath: keyPath] = try decoder.readString()
            },
            encode: { message, encoder in
                guard let value = message[keyPath: keyPath] else { return }
                encoder.appendString(fieldNumber: number, value)
            },
            encodeJSON: { message in
                message[keyPath: keyPath].map(JSONValue.string)
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = try jsonString(json)
            }
        )
    }

    /// A `repeated string`; each element is its own length-delimited field on the wire.
    public static func repeatedString(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, [String]> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .lengthDelimited)
                message[keyPath: keyPath].append(try decoder.readString())
            },
            encode: { message, encoder in
                for value in message[keyPath: keyPath] {
                    encoder.appendString(fieldNumber: number, value)
                }
            },
            encodeJSON: { message in
                let values = message[keyPath: keyPath]
                return values.isEmpty ? nil : .array(values.map(JSONValue.string))
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = try jsonArray(json).map { element in
                    guard case .string(let value) = element else {
                        throw ProtobufJSONError.wrongType(expected: "a string", found: element)
                    }
                    return value
                }
            }
        )
    }

    /// A `map<string, string>`: on the wire a repeated entry message with key 1 and value 2,
    /// where a missing key or value means the empty string and a later entry for a key wins.
    /// Entries are written sorted by key, as Google's deterministic serialisation writes them.
    public static func stringMap(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, [String: String]> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .lengthDelimited)
                var entry = try decoder.readNestedMessage()
                var key = ""
                var value = ""
                while !entry.isAtEnd {
                    let tag = try entry.readTag()
                    switch tag.fieldNumber {
                    case 1:
                        try entry.expect(tag.wireType, .lengthDelimited)
                        key = try entry.readString()
                    case 2:
                        try entry.expect(tag.wireType, .lengthDelimited)
                        value = try entry.readString()
                    default:
                        try entry.skipField(fieldNumber: tag.fieldNumber, wireType: tag.wireType)
                    }
                }
                message[keyPath: keyPath][key] = value
            },
            encode: { message, encoder in
                let entries = message[keyPath: keyPath].sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                for (key, value) in entries {
                    var entry = ProtobufEncoder()
                    entry.appendString(fieldNumber: 1, key)
                    entry.appendString(fieldNumber: 2, value)
                    encoder.appendTag(fieldNumber: number, wireType: .lengthDelimited)
                    encoder.appendLengthDelimited(entry.bytes)
                }
            },
            encodeJSON: { message in
                let map = message[keyPath: keyPath]
                guard !map.isEmpty else { return nil }
                let entries = map.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                return .object(entries.map { ($0.key, .string($0.value)) })
            },
            decodeJSON: { message, json in
                var map: [String: String] = [:]
                switch json {
                case .null:
                    break
                case .object(let members):
                    for member in members {
                        guard case .string(let value) = member.value else {
                            throw ProtobufJSONError.wrongType(expected: "a string map value", found: member.value)
                        }
                        map[member.key] = value
                    }
                default:
                    throw ProtobufJSONError.wrongType(expected: "an object", found: json)
                }
                message[keyPath: keyPath] = map
            }
        )
    }

    /// A JSON string, `nil` for `null`, or an error naming what came instead.
    static func jsonString(_ json: JSONValue) throws -> String? {
        switch json {
        case .null: return nil
        case .string(let value): return value
        default: throw ProtobufJSONError.wrongType(expected: "a string", found: json)
        }
    }
}
