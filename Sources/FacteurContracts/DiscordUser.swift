/// `facteur.v1.DiscordUser`: the invoking user, as Discord describes them.
public struct DiscordUser: ProtobufMessage, Hashable {
    public static let protoMessageName = "facteur.v1.DiscordUser"

    public static let fields: [ProtobufField<DiscordUser>] = [
        .string(1, "id", \.id),
        .string(2, "username", \.username),
        .string(3, "global_name", \.globalName),
        .string(4, "discriminator", \.discriminator),
    ]

    /// The user's snowflake.
    public var id = ""
    public var username = ""
    public var globalName = ""
    public var discriminator = ""

    public init() {}

    public init(id: String, username: String = "", globalName: String = "", discriminator: String = "") {
        self.id = id
        self.username = username
        self.globalName = globalName
        self.discriminator = discriminator
    }
}
