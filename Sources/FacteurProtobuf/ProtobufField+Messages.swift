/// Field factories for embedded messages, singular (always with presence) and repeated.
extension ProtobufField {
    /// An embedded message: `nil` until present; a second occurrence merges into the first,
    /// as the encoding guide requires of non-repeated message fields.
    public static func message<Value: ProtobufMessage>(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, Value?> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .lengthDelimited)
                var nested = try decoder.readNestedMessage()
                var value = message[keyPath: keyPath] ?? Value()
                try value.decodeMessage(from: &nested)
                message[keyPath: keyPath] = value
            },
            encode: { message, encoder in
                guard let value = message[keyPath: keyPath] else { return }
                encoder.appendMessage(fieldNumber: number, value)
            },
            encodeJSON: { message in
                try message[keyPath: keyPath]?.jsonValue()
            },
            decodeJSON: { message, json in
                guard !json.isNull else {
                    message[keyPath: keyPath] = nil
                    return
                }
                var value = Value()
                try value.mergeJSON(json)
                message[keyPath: keyPath] = value
            }
        )
    }

    /// A `repeated` embedded message; each occurrence on the wire appends one element.
    public static func repeatedMessage<Value: ProtobufMessage>(
        _ number: Int,
        _ name: String,
        _ keyPath: WritableKeyPath<Message, [Value]> & Sendable
    ) -> Self {
        Self(
            number: number,
            name: name,
            decode: { message, wireType, decoder in
                try decoder.expect(wireType, .lengthDelimited)
                var nested = try decoder.readNestedMessage()
                var value = Value()
                try value.decodeMessage(from: &nested)
                message[keyPath: keyPath].append(value)
            },
            encode: { message, encoder in
                for value in message[keyPath: keyPath] {
                    encoder.appendMessage(fieldNumber: number, value)
                }
            },
            encodeJSON: { message in
                let values = message[keyPath: keyPath]
                return values.isEmpty ? nil : .array(try values.map { try $0.jsonValue() })
            },
            decodeJSON: { message, json in
                message[keyPath: keyPath] = try jsonArray(json).map { element in
                    guard !element.isNull else {
                        throw ProtobufJSONError(code: .invalidValue, detail: "null in a repeated field")
                    }
                    var value = Value()
                    try value.mergeJSON(element)
                    return value
                }
            }
        )
    }
}
