/// A proto3 enum: an `int32` on the wire that keeps values it does not know as raw numbers,
/// so a message from a newer peer re-encodes unchanged.
public protocol ProtobufEnum: Sendable, Equatable {
    /// The case for a number, falling back to an "unrecognized" case for unknown numbers.
    init(rawValue: Int32)

    var rawValue: Int32 { get }

    /// The `.proto` name of each known number, used by the JSON mapping.
    static var protoNames: [Int32: String] { get }
}

extension ProtobufEnum {
    /// The value of number 0, proto3's default for every enum.
    public static var defaultValue: Self { Self(rawValue: 0) }

    /// The JSON form: the value's name, or its number when the name is unknown.
    public var json: JSONValue {
        Self.protoNames[rawValue].map(JSONValue.string) ?? .integer(Int64(rawValue))
    }

    /// Reads a JSON enum value: its name or its number.
    public init(json: JSONValue) throws {
        if case .string(let name) = json {
            guard let number = Self.protoNames.first(where: { $0.value == name })?.key else {
                throw ProtobufJSONError(code: .invalidValue, detail: "unknown enum value \"\(name)\"")
            }
            self.init(rawValue: number)
        } else {
            self.init(rawValue: try Int32(json: json))
        }
    }
}
