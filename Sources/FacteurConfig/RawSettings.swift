import FacteurYAML

/// The values found for each key before they are typed: the file's nodes, overlaid by the environment.
struct RawSettings {
    /// Where a raw value came from.
    enum Source: Equatable {
        case file(path: String)
        case environment(variable: String)
    }

    /// One key's value as found.
    struct Setting {
        /// The value; environment values are double-quoted scalars, so `null` from the environment is text.
        var node: YAMLNode

        /// Where it came from.
        var source: Source

        /// The origin to report for `node` or for a node nested inside it.
        func origin(of node: YAMLNode? = nil) -> ConfigurationOrigin {
            switch source {
            case .file(let path):
                let mark = (node ?? self.node).mark
                return .file(path: path, line: mark.line, column: mark.column)
            case .environment(let variable):
                return .environment(variable: variable)
            }
        }
    }

    /// Values by dotted key name.
    private(set) var values: [String: Setting] = [:]

    /// Unknown keys and misplaced values found while reading the file.
    private(set) var problems: [ConfigurationProblem] = []

    /// Records every key of the file's root mapping; a key not in SPEC section 2 is a problem naming its full
    /// dotted name.
    mutating func addFile(_ root: YAMLNode?, path: String) {
        guard let root, !(root.scalar?.isNull ?? false) else {
            return
        }
        guard let mapping = root.mapping else {
            problems.append(ConfigurationProblem(
                key: nil,
                message: "the configuration must be a mapping of sections, found \(root.kindDescription)",
                origin: .file(path: path, line: root.mark.line, column: root.mark.column)
            ))
            return
        }
        addEntries(of: mapping, prefix: nil, path: path)
    }

    /// Overlays `FACTEUR_…` variables; variables that name no key, and empty ones, are ignored.
    mutating func addEnvironment(_ environment: [String: String]) {
        for key in ConfigurationKey.all {
            let variable = key.environmentVariable
            guard let value = environment[variable], !value.isEmpty else {
                continue
            }
            values[key.name] = Setting(
                node: .scalar(YAMLScalar(value, style: .doubleQuoted)),
                source: .environment(variable: variable)
            )
        }
    }

    private mutating func addEntries(of mapping: YAMLMapping, prefix: String?, path: String) {
        for entry in mapping.entries {
            let name = prefix.map { "\($0).\(entry.key.value)" } ?? entry.key.value
            let keyMark = entry.key.mark
            let keyOrigin = ConfigurationOrigin.file(path: path, line: keyMark.line, column: keyMark.column)
            if ConfigurationKey.named(name) != nil {
                values[name] = Setting(node: entry.value, source: .file(path: path))
            } else if ConfigurationKey.sectionNames.contains(name) {
                if let section = entry.value.mapping {
                    addEntries(of: section, prefix: name, path: path)
                } else if !(entry.value.scalar?.isNull ?? false) {
                    problems.append(ConfigurationProblem(
                        key: name,
                        message: "must be a mapping of keys, found \(entry.value.kindDescription)",
                        origin: keyOrigin
                    ))
                }
            } else {
                let suggestion = Self.closestKnownName(to: name).map { " (did you mean \($0)?)" } ?? ""
                let message = "unknown key\(suggestion)"
                problems.append(ConfigurationProblem(key: name, message: message, origin: keyOrigin))
            }
        }
    }

    /// The known key or section within two edits of `name`, to catch typos such as `listen_adress`.
    private static func closestKnownName(to name: String) -> String? {
        let candidates = ConfigurationKey.all.map(\.name) + ConfigurationKey.sectionNames.sorted()
        let scored = candidates.map { ($0, editDistance(Array(name), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else {
            return nil
        }
        return best.0
    }

    /// Levenshtein distance between two short strings.
    private static func editDistance(_ source: [Character], _ target: [Character]) -> Int {
        var previous = Array(0...target.count)
        for (sourceIndex, sourceCharacter) in source.enumerated() {
            var current = [sourceIndex + 1]
            for (targetIndex, targetCharacter) in target.enumerated() {
                let substitution = previous[targetIndex] + (sourceCharacter == targetCharacter ? 0 : 1)
                current.append(min(previous[targetIndex + 1] + 1, current[targetIndex] + 1, substitution))
            }
            previous = current
        }
        return previous[target.count]
    }
}
