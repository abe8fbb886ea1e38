import Foundation

/// A proto3 message that encodes and decodes itself through a table of its fields, shaped
/// like SwiftProtobuf's `Message` so call sites read the same.
public protocol ProtobufMessage: Sendable, Equatable {
    /// The fully qualified protobuf name, e.g. `facteur.v1.CommandEvent`; errors start with it.
    static var protoMessageName: String { get }

    /// Every field in field-number order; encoding writes them in this order, as Google does.
    static var fields: [ProtobufField<Self>] { get }

    /// The message with every field at its default.
    init()

    /// Writes the message's fields (without tag or length prefix); the default walks ``fields``.
    func encodeMessage(to encoder: inout ProtobufEncoder)

    /// Merges fields read from `decoder` into the message; the default walks ``fields`` and
    /// skips unknown fields.
    mutating func decodeMessage(from decoder: inout ProtobufDecoder) throws

    /// The message in protobuf's JSON mapping; the default is an object of the non-default fields.
    func jsonValue() throws -> JSONValue

    /// Merges a JSON value in protobuf's JSON mapping into the message.
    mutating func mergeJSON(_ value: JSONValue) throws
}

extension ProtobufMessage {
    /// Decodes a message from the protobuf binary format.
    ///
    /// - Throws: ``ProtobufDecodingError`` naming the message, field and byte offset.
    public init(serializedBytes bytes: some Collection<UInt8>) throws {
        self.init()
        try merge(serializedBytes: bytes)
    }

    /// Decodes a message from the protobuf binary format held in `Data`.
    public init(serializedData data: Data) throws {
        try self.init(serializedBytes: data)
    }

    /// Merges the binary encoding of a message into this one: scalars are replaced, repeated
    /// fields appended, embedded messages merged, as the protobuf encoding guide prescribes.
    public mutating func merge(serializedBytes bytes: some Collection<UInt8>) throws {
        var decoder = ProtobufDecoder(bytes: Array(bytes))
        try decodeMessage(from: &decoder)
    }

    /// The message in the protobuf binary format, byte-identical to Google's deterministic
    /// serialisation (fields in number order, map entries sorted by key).
    public func serializedBytes() -> [UInt8] {
        var encoder = ProtobufEncoder()
        encodeMessage(to: &encoder)
        return encoder.bytes
    }

    /// The binary format as `Data`.
    public func serializedData() -> Data {
        Data(serializedBytes())
    }

    public func encodeMessage(to encoder: inout ProtobufEncoder) {
        for field in Self.fields {
            field.encode(self, &encoder)
        }
    }

    public mutating func decodeMessage(from decoder: inout ProtobufDecoder) throws {
        let fields = Self.fields
        while !decoder.isAtEnd {
            var fieldName: String?
            do {
                let tag = try decoder.readTag()
                if let field = fields.first(where: { $0.number == tag.fieldNumber }) {
                    fieldName = field.name
                    try field.decode(&self, tag.wireType, &decoder)
                } else {
                    try decoder.skipField(fieldNumber: tag.fieldNumber, wireType: tag.wireType)
                }
            } catch var error as ProtobufDecodingError {
                error.locate(messageName: Self.protoMessageName, fieldName: fieldName)
                throw error
            }
        }
    }
}
