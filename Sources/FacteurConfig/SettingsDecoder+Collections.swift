import FacteurYAML
import Foundation

/// Lists and maps: `consumer.brokers`, `argo.parameters` and `role_map`.
extension SettingsDecoder {
    /// A list from a YAML sequence, or from comma-separated text in the file or the environment.
    mutating func list(_ key: String, rule: Rule<String>) -> [String] {
        guard let setting = setting(key) else {
            return []
        }
        var items: [String] = []
        switch setting.node {
        case .scalar(let scalar) where scalar.isNull:
            return []
        case .scalar(let scalar):
            for item in scalar.value.split(separator: ",") {
                let trimmed = item.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty, let value = checkItem(key, trimmed, setting.origin(), rule) {
                    items.append(value)
                }
            }
        case .sequence(let sequence):
            for (index, node) in sequence.items.enumerated() {
                let itemKey = "\(key)[\(index)]"
                guard let scalar = node.scalar, !scalar.isNull else {
                    report(
                        itemKey,
                        "must be a single value, found \(node.kindDescription)",
                        origin: setting.origin(of: node)
                    )
                    continue
                }
                let trimmed = scalar.value.trimmingCharacters(in: .whitespaces)
                if let value = checkItem(itemKey, trimmed, setting.origin(of: node), rule) {
                    items.append(value)
                }
            }
        case .mapping:
            report(key, "must be a list or comma-separated text, found a mapping", origin: setting.origin())
        }
        return items
    }

    /// A map of strings: a YAML mapping in the file, a JSON object of strings in the environment.
    mutating func stringMap(_ key: String) -> [String: String] {
        guard let (setting, mapping) = mappingNode(key) else {
            return [:]
        }
        var result: [String: String] = [:]
        for entry in mapping.entries {
            let entryKey = "\(key).\(entry.key.value)"
            guard let scalar = entry.value.scalar, !scalar.isNull else {
                report(
                    entryKey,
                    "must be a string, found \(entry.value.kindDescription)",
                    origin: setting.origin(of: entry.value)
                )
                continue
            }
            if entry.key.value.isEmpty {
                report(entryKey, "has an empty name", origin: setting.origin(of: .scalar(entry.key)))
                continue
            }
            result[entry.key.value] = scalar.value
        }
        return result
    }

    /// The role map (SPEC section 2): command names matching `^[a-z0-9:_-]+$`, each mapped to a non-empty list
    /// of unique snowflakes.
    mutating func roleMap(_ key: String) -> [String: [String]] {
        guard let (setting, mapping) = mappingNode(key) else {
            return [:]
        }
        var result: [String: [String]] = [:]
        for entry in mapping.entries {
            let command = entry.key.value
            let entryKey = "\(key).\(command)"
            var isValid = true
            if !ValueRules.isCommandName(command) {
                report(
                    entryKey,
                    "\(InvalidValue.quote(command)) is not a command name (^[a-z0-9:_-]+$)",
                    origin: setting.origin(of: .scalar(entry.key))
                )
                isValid = false
            }
            guard let sequence = entry.value.sequence else {
                report(
                    entryKey,
                    "must be a list of role IDs, found \(entry.value.kindDescription)",
                    origin: setting.origin(of: entry.value)
                )
                continue
            }
            guard !sequence.items.isEmpty else {
                report(entryKey, "must list at least one role ID", origin: setting.origin(of: entry.value))
                continue
            }
            var roles: [String] = []
            for (index, node) in sequence.items.enumerated() {
                let itemKey = "\(entryKey)[\(index)]"
                guard let scalar = node.scalar, !scalar.isNull else {
                    report(
                        itemKey,
                        "must be a role ID, found \(node.kindDescription)",
                        origin: setting.origin(of: node)
                    )
                    isValid = false
                    continue
                }
                let origin = setting.origin(of: node)
                guard let role = checkItem(itemKey, scalar.value, origin, ValueRules.snowflake) else {
                    isValid = false
                    continue
                }
                if roles.contains(role) {
                    report(itemKey, "role ID \(InvalidValue.quote(role)) is listed more than once", origin: origin)
                    isValid = false
                }
                roles.append(role)
            }
            if isValid {
                result[command] = roles
            }
        }
        return result
    }

    /// The mapping under `key`, parsing JSON when the value came from the environment.
    private mutating func mappingNode(_ key: String) -> (RawSettings.Setting, YAMLMapping)? {
        guard var setting = setting(key) else {
            return nil
        }
        if case .environment = setting.source, let text = setting.node.scalar?.value {
            do {
                setting.node = try JSONNodes.node(fromJSON: text)
            } catch {
                report(key, error.message, origin: setting.origin())
                return nil
            }
        }
        switch setting.node {
        case .mapping(let mapping):
            return (setting, mapping)
        case .scalar(let scalar) where scalar.isNull:
            return nil
        default:
            report(key, "must be a mapping, found \(setting.node.kindDescription)", origin: setting.origin())
            return nil
        }
    }

    private mutating func checkItem(
        _ key: String,
        _ text: String,
        _ origin: ConfigurationOrigin,
        _ rule: Rule<String>
    ) -> String? {
        do {
            return try rule(text)
        } catch {
            report(key, error.message, origin: origin)
            return nil
        }
    }
}
