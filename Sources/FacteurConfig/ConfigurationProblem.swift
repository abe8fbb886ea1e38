/// One thing wrong with the configuration, naming the key and, when known, the file position or
/// environment variable that set it.
public struct ConfigurationProblem: Sendable, Equatable {
    /// The dotted key, such as `discord.application_id` or `role_map.deploy[1]`; nil when the problem is
    /// the file itself (unreadable, or not YAML).
    public var key: String?

    /// What is wrong, phrased to follow "<key>: ".
    public var message: String

    /// Where the offending value came from; nil for defaults and for values that are missing.
    public var origin: ConfigurationOrigin?

    /// Creates a problem.
    public init(key: String?, message: String, origin: ConfigurationOrigin? = nil) {
        self.key = key
        self.message = message
        self.origin = origin
    }
}

extension ConfigurationProblem: CustomStringConvertible {
    /// One line, such as `discord.application_id: "abc" is not a snowflake (17-20 digits) [from FACTEUR_…]`,
    /// or `path:3:5: could not find expected ':'` for a file-level problem.
    public var description: String {
        guard let key else {
            return origin.map { "\($0): \(message)" } ?? message
        }
        guard let origin else {
            return "\(key): \(message)"
        }
        return "\(key): \(message) [\(origin)]"
    }
}
