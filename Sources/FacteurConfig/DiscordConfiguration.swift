import Foundation

/// The `discord.*` keys: the application facteur acts for and the API it calls.
public struct DiscordConfiguration: Sendable, Equatable {
    /// The API base used unless `discord.api_base_url` says otherwise.
    public static let defaultAPIBaseURL = URL(string: "https://discord.com/api/v10")!

    /// `discord.bot_token`; a secret, shown as `<redacted>` by `renderYAML()`.
    public var botToken: String

    /// `discord.application_id`, a snowflake.
    public var applicationID: String

    /// `discord.public_key`, 64 hex digits of the Ed25519 key that signs interactions; nil disables
    /// `/interactions`.
    public var publicKey: String?

    /// `discord.guild_id`; when set, commands are registered in this guild rather than globally.
    public var guildID: String?

    /// `discord.api_base_url`, without a trailing slash so paths can be appended.
    public var apiBaseURL: URL

    /// Creates the section; the token and application ID have no default.
    public init(
        botToken: String,
        applicationID: String,
        publicKey: String? = nil,
        guildID: String? = nil,
        apiBaseURL: URL = DiscordConfiguration.defaultAPIBaseURL
    ) {
        self.botToken = botToken
        self.applicationID = applicationID
        self.publicKey = publicKey
        self.guildID = guildID
        self.apiBaseURL = apiBaseURL
    }
}
