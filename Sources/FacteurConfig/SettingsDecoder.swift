import FacteurYAML

/// Turns raw settings into typed values, recording a problem for each bad value instead of stopping, so that
/// validation reports everything at once (SPEC section 2).
struct SettingsDecoder {
    /// A check that turns text into a typed value.
    typealias Rule<Value> = (String) throws(InvalidValue) -> Value

    private let settings: [String: RawSettings.Setting]

    /// Problems found so far, in the order keys were read.
    private(set) var problems: [ConfigurationProblem] = []

    init(settings: [String: RawSettings.Setting]) {
        self.settings = settings
    }

    /// The value of a key with a default; a bad value is reported and the default returned.
    mutating func value<Value>(_ key: String, default defaultValue: Value, rule: Rule<Value>) -> Value {
        guard let (text, setting) = scalarText(key) else {
            return defaultValue
        }
        return check(key, text, setting, rule) ?? defaultValue
    }

    /// The value of an optional key; empty text counts as unset.
    mutating func optional<Value>(_ key: String, rule: Rule<Value>) -> Value? {
        guard let (text, setting) = scalarText(key), !text.isEmpty else {
            return nil
        }
        return check(key, text, setting, rule)
    }

    /// The value of a required key; a missing one is reported and `placeholder` returned.
    mutating func required<Value>(_ key: String, placeholder: Value, rule: Rule<Value>) -> Value {
        guard let (text, setting) = scalarText(key), !text.isEmpty else {
            reportMissing(key)
            return placeholder
        }
        return check(key, text, setting, rule) ?? placeholder
    }

    /// Reports a key that has no value although another setting requires one.
    mutating func reportMissing(_ key: String, because reason: String? = nil) {
        let variable = ConfigurationKey.named(key)?.environmentVariable ?? key
        let message = reason.map { "is required when \($0)" } ?? "is required"
        problems.append(ConfigurationProblem(
            key: key,
            message: "\(message) (set it in the file or with \(variable))"
        ))
    }

    /// Records a problem with a value found under `key`.
    mutating func report(_ key: String, _ message: String, origin: ConfigurationOrigin?) {
        problems.append(ConfigurationProblem(key: key, message: message, origin: origin))
    }

    /// The setting found for `key`, if any.
    func setting(_ key: String) -> RawSettings.Setting? {
        precondition(ConfigurationKey.named(key) != nil, "\(key) is missing from ConfigurationKey.all")
        return settings[key]
    }

    /// The text of a scalar setting; nil when unset or null, and a problem when it is a mapping or sequence.
    private mutating func scalarText(_ key: String) -> (String, RawSettings.Setting)? {
        guard let setting = setting(key) else {
            return nil
        }
        guard let scalar = setting.node.scalar else {
            report(key, "must be a single value, found \(setting.node.kindDescription)", origin: setting.origin())
            return nil
        }
        guard !scalar.isNull else {
            return nil
        }
        return (scalar.value, setting)
    }

    private mutating func check<Value>(
        _ key: String,
        _ text: String,
        _ setting: RawSettings.Setting,
        _ rule: Rule<Value>
    ) -> Value? {
        do {
            return try rule(text)
        } catch {
            report(key, error.message, origin: setting.origin())
            return nil
        }
    }
}
