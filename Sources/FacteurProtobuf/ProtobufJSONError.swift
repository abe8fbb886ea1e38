/// Why JSON could not be read as (or a message could not be written as) protobuf's JSON
/// mapping, naming the message and field so the sender can fix the payload.
public struct ProtobufJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; open-ended so new checks do not break callers that switch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String

        private init(_ description: String) {
            self.description = description
        }

        /// The text is not JSON at all.
        public static let invalidJSON = Code("invalidJSON")
        /// A field held a JSON type its declaration cannot take, e.g. a number for a string.
        public static let wrongType = Code("wrongType")
        /// The JSON type fits but the value does not: out of range, unknown enum name, bad timestamp.
        public static let invalidValue = Code("invalidValue")
        /// The message holds a value the JSON mapping cannot express, e.g. a Timestamp past year 9999.
        public static let unrepresentable = Code("unrepresentable")
    }

    public var code: Code
    /// The fully qualified protobuf name of the message, once known.
    public var messageName: String
    /// The proto name of the field, once known.
    public var fieldName: String?
    /// A phrase describing the problem, without the location.
    public var detail: String

    public init(code: Code, messageName: String = "", fieldName: String? = nil, detail: String) {
        self.code = code
        self.messageName = messageName
        self.fieldName = fieldName
        self.detail = detail
    }

    public var description: String {
        guard !messageName.isEmpty else { return detail }
        return "\(messageName)\(fieldName.map { "." + $0 } ?? ""): \(detail)"
    }

    /// Names the message and field when no inner message has claimed the error yet.
    mutating func locate(messageName: String, fieldName: String?) {
        guard self.messageName.isEmpty else { return }
        self.messageName = messageName
        self.fieldName = fieldName
    }

    static func wrongType(expected: String, found value: JSONValue) -> ProtobufJSONError {
        ProtobufJSONError(code: .wrongType, detail: "expected \(expected), found \(value.kindDescription)")
    }
}
