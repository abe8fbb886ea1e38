/// A parsed or to-be-written JSON value, keeping integers exact so `int64` fields survive
/// the proto3 JSON mapping without passing through `Double`.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// An integer above `Int64.max`; smaller ones are ``integer(_:)``.
    case unsignedInteger(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in order: written in field order, read in the order the parser reports them.
    case object([(key: String, value: JSONValue)])

    /// Parses UTF-8 JSON text (RFC 8259), refusing anything that is not exactly one JSON value.
    public init(parsing bytes: some Collection<UInt8>) throws {
        var parser = JSONParser(bytes: Array(bytes))
        self = try parser.parseDocument()
    }

    /// Whether the value is JSON `null`, which the proto3 mapping reads as the field's default.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// The kind of value, for error messages.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .unsignedInteger, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
