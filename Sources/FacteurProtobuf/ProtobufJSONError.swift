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
    /// The fully qualified protobuf name of the outermost message, once known.
    public var messageName: String
    /// Proto names of the fields from the outermost message down to the failing one.
    public var fieldPath: [String]
    /// A phrase describing the problem, without the location.
    public var detail: String

    public init(code: Code, messageName: String = "", fieldPath: [String] = [], detail: String) {
        self.code = code
        self.messageName = messageName
        self.fieldPath = fieldPath
        self.detail = detail
    }

    /// The failing field's path joined with dots, `nil` when the problem is the whole message.
    public var fieldName: String? {
        fieldPath.isEmpty ? nil : fieldPath.joined(separator: ".")
    }

    public var description: String {
        guard !messageName.isEmpty else { return detail }
        return ([messageName] + fieldPath).joined(separator: ".") + ": " + detail
    }

    /// Records that the error happened in `fieldName` of `messageName`, one level further out
    /// than what the error has named so far.
    mutating func locate(messageName: String, fieldName: String?) {
        self.messageName = messageName
        if let fieldName {
            fieldPath.insert(fieldName, at: 0)
        }
    }

    static func wrongType(expected: String, found value: JSONValue) -> ProtobufJSONError {
        ProtobufJSONError(code: .wrongType, detail: "expected \(expected), found \(value.kindDescription)")
    }
}
