/// One row of a message's field table: the field's number and names, and how to move its
/// value between the message and both wire formats.
///
/// Messages build their table from the factories in the `ProtobufField+…` extensions, one line
/// per field, so a message type reads like its `.proto` declaration.
public struct ProtobufField<Message: ProtobufMessage>: Sendable {
    /// Reads one occurrence of the field; repeated occurrences merge as the encoding guide says.
    public typealias Decode = @Sendable (inout Message, WireType, inout ProtobufDecoder) throws -> Void
    /// Writes the field, or nothing when it holds its default and has no presence.
    public typealias Encode = @Sendable (Message, inout ProtobufEncoder) -> Void
    /// The field's JSON value, or `nil` when the JSON mapping omits it.
    public typealias EncodeJSON = @Sendable (Message) throws -> JSONValue?
    /// Sets the field from a JSON member's value.
    public typealias DecodeJSON = @Sendable (inout Message, JSONValue) throws -> Void

    public let number: Int
    /// The name as written in the `.proto` file, e.g. `interaction_id`.
    public let name: String
    /// The lowerCamelCase name protoc derives for JSON, e.g. `interactionId`.
    public let jsonName: String

    let decode: Decode
    let encode: Encode
    let encodeJSON: EncodeJSON
    let decodeJSON: DecodeJSON

    /// A field with hand-written coding, for kinds the factories do not cover.
    public init(
        number: Int,
        name: String,
        decode: @escaping Decode,
        encode: @escaping Encode,
        encodeJSON: @escaping EncodeJSON,
        decodeJSON: @escaping DecodeJSON
    ) {
        precondition(number > 0 && number <= ProtobufDecoder.maximumFieldNumber, "field number \(number) out of range")
        self.number = number
        self.name = name
        self.jsonName = Self.jsonName(for: name)
        self.decode = decode
        self.encode = encode
        self.encodeJSON = encodeJSON
        self.decodeJSON = decodeJSON
    }

    /// protoc's rule: drop each underscore and upper-case the letter after it.
    static func jsonName(for name: String) -> String {
        var result = ""
        var capitalizeNext = false
        for character in name {
            if character == "_" {
                capitalizeNext = true
            } else if capitalizeNext {
                result += character.uppercased()
                capitalizeNext = false
            } else {
                result.append(character)
            }
        }
        return result
    }
}
