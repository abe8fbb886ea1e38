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
    /// The fully qualified protobuf name of the outermost message, e.g. `facteur.v1.CommandEvent`.
    public var messageName: String
    /// Proto names of the fields from the outermost message down to the failing one, e.g.
    /// `["review_context", "failing_checks", "name"]`; empty while reading a top-level tag.
    public var fieldPath: [String]
    /// Offset from the start of the outermost input where the bad value begins.
    public var offset: Int
    /// A phrase describing the problem, without the location.
    public var detail: String

    public init(code: Code, messageName: String = "", fieldPath: [String] = [], offset: Int, detail: String) {
        self.code = code
        self.messageName = messageName
        self.fieldPath = fieldPath
        self.offset = offset
        self.detail = detail
    }

    /// The failing field's path joined with dots, `nil` when no field was being read.
    public var fieldName: String? {
        fieldPath.isEmpty ? nil : fieldPath.joined(separator: ".")
    }

    public var description: String {
        let location = ([messageName.isEmpty ? "<message>" : messageName] + fieldPath).joined(separator: ".")
        return "\(location): \(detail) at byte \(offset)"
    }

    /// Records that the error happened in `fieldName` of `messageName`, one level further out
    /// than what the error has named so far.
    mutating func locate(messageName: String, fieldName: String?) {
        self.messageName = messageName
        if let fieldName {
            fieldPath.insert(fieldName, at: 0)
        }
    }
}
