/// `facteur.v1.DiscordMember`: the invoking guild member and the roles the role policy checks.
public struct DiscordMember: ProtobufMessage, Hashable {
    public static let protoMessageName = "facteur.v1.DiscordMember"

    public static let fields: [ProtobufField<DiscordMember>] = [
        .string(1, "id", \.id),
        .repeatedString(2, "roles", \.roles),
    ]

    /// The member's user snowflake.
    public var id = ""
    /// Role snowflakes, in the order Discord sent them.
    public var roles: [String] = []

    public init() {}

    public init(id: String, roles: [String] = []) {
        self.id = id
        self.roles = roles
    }
}
