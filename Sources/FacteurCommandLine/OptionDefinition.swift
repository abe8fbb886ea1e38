/// One `--name` a command accepts: either a flag, or an option that takes a value.
public struct OptionDefinition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Present or absent, never followed by a value.
        case flag
        /// Followed by a value, as `--name VALUE` or `--name=VALUE`.
        case value(placeholder: String)
    }

    public var name: String
    public var kind: Kind
    public var help: String

    /// A boolean switch such as `--dry-run`.
    public static func flag(_ name: String, help: String) -> OptionDefinition {
        OptionDefinition(name: name, kind: .flag, help: help)
    }

    /// An option that takes a value, such as `--config PATH`.
    public static func option(_ name: String, placeholder: String, help: String) -> OptionDefinition {
        OptionDefinition(name: name, kind: .value(placeholder: placeholder), help: help)
    }

    /// How the option reads in help text, e.g. `--config PATH`.
    var synopsis: String {
        switch kind {
        case .flag: "--\(name)"
        case .value(let placeholder): "--\(name) \(placeholder)"
        }
    }
}
