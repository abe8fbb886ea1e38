/// `facteur.v1.CommandEvent`: one Discord slash command as publishers send it to `/events`
/// and Kafka (SPEC section 5).
public struct CommandEvent: ProtobufMessage, Hashable {
    public static let protoMessageName = "facteur.v1.CommandEvent"

    public static let fields: [ProtobufField<CommandEvent>] = [
        .string(1, "provider", \.provider),
        .string(2, "interaction_id", \.interactionID),
        .string(3, "application_id", \.applicationID),
        .string(4, "command", \.command),
        .string(5, "command_id", \.commandID),
        .scalar(6, "version", \.version),
        .string(7, "token", \.token),
        .stringMap(8, "options", \.options),
        .string(9, "guild_id", \.guildID),
        .string(10, "channel_id", \.channelID),
        .message(11, "user", \.user),
        .message(12, "member", \.member),
        .string(13, "locale", \.locale),
        .string(14, "guild_locale", \.guildLocale),
        .message(15, "response", \.response),
        .string(16, "timestamp", \.timestamp),
        .string(17, "correlation_id", \.correlationID),
        .string(18, "trace_id", \.traceID),
    ]

    public var provider = ""
    public var interactionID = ""
    public var applicationID = ""
    public var command = ""
    public var commandID = ""
    public var version: UInt32 = 0
    /// The interaction token; secret, and valid for 15 minutes from the interaction.
    public var token = ""
    /// The command's options by name; every option is a string (SPEC section 4).
    public var options: [String: String] = [:]
    public var guildID = ""
    public var channelID = ""
    /// Set when the command ran in a direct message.
    public var user: DiscordUser?
    /// Set when the command ran in a guild.
    public var member: DiscordMember?
    public var locale = ""
    public var guildLocale = ""
    public var response: CommandResponse?
    /// The interaction's RFC 3339 time, when the publisher knew it.
    public var timestamp = ""
    public var correlationID = ""
    public var traceID = ""

    public init() {}

    /// The invoking user: `user.id`, else `member.id`, else the empty string (SPEC section 5).
    public var userID: String {
        if let id = user?.id, !id.isEmpty {
            return id
        }
        return member?.id ?? ""
    }

    /// The role IDs the role policy checks: the member's roles, none outside a guild.
    public var roles: [String] {
        member?.roles ?? []
    }
}
