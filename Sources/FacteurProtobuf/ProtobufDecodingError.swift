/// Why bytes could not be decoded as a message, naming the message, the field and the byte
/// offset, so a rejected event can be diagnosed from the log line alone.
public struct ProtobufDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; open-ended so new checks do not break callers that switch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String

        private init(_ description: String) {
            self.description = description
        }

        /// The input ended inside a tag or a value.
        public static let truncated = Code("truncated")
        /// A varint ran past ten bytes.
        public static let overlongVarint = Code("overlongVarint")
        /// A string field held bytes that are not UTF-8.
        public static let invalidUTF8 = Code("invalidUTF8")
        /// A known field arrived with a wire type its declaration cannot have.
        public static let wireTypeMismatch = Code("wireTypeMismatch")
        /// A tag carried field number 0, a number past 2^29 - 1, or wire type 6 or 7.
        public static let invalidTag = Code("invalidTag")
        /// A group was not closed, or closed by the wrong end-group tag.
        public static let malformedGroup = Code("malformedGroup")
        /// Messages or groups nested deeper than ``ProtobufDecoder/maximumDepth``.
        public static let nestingTooDeep = Code("nestingTooDeep")
    }

    public var code: Code
    /// The fully qualified protobuf name of the message being decoded, e.g. `facteur.v1.CommandEvent`.
    public var messageName: String
    /// The proto name of the field being decoded; `nil` while reading a tag or skipping an unknown field.
    public var fieldName: String?
    /// Offset from the start of the outermost input where the bad value begins.
    public var offset: Int
    /// A phrase describing the problem, without the location.
    public var detail: String

    public init(code: Code, messageName: String = "", fieldName: String? = nil, offset: Int, detail: String) {
        self.code = code
        self.messageName = messageName
        self.fieldName = fieldName
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        var location = messageName.isEmpty ? "<message>" : messageName
        if let fieldName {
            location += "." + fieldName
        }
        return "\(location): \(detail) at byte \(offset)"
    }

    /// Names the message and field when no inner message has claimed the error yet.
    mutating func locate(messageName: String, fieldName: String?) {
        guard self.messageName.isEmpty else { return }
        self.messageName = messageName
        self.fieldName = fieldName
    }
}
