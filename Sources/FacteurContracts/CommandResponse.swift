/// `facteur.v1.Response`: the interaction response a publisher already gave Discord.
///
/// Named `CommandResponse` in Swift so it does not read as an HTTP response.
public struct CommandResponse: ProtobufMessage, Hashable {
    public static let protoMessageName = "facteur.v1.Response"

    public static let fields: [ProtobufField<CommandResponse>] = [
        .scalar(1, "type", \.type),
        .optionalScalar(2, "flags", \.flags),
    ]

    /// The Discord interaction callback type, e.g. 5 for a deferred message.
    public var type: UInt32 = 0
    /// Message flags (64 = ephemeral); `nil` when the publisher set none, distinct from 0.
    public var flags: UInt32?

    public init() {}

    public init(type: UInt32, flags: UInt32? = nil) {
        self.type = type
        self.flags = flags
    }
}
