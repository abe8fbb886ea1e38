/// Options and flags as the parser found them, checked against the declaration.
public struct ParsedArguments: Sendable, Equatable {
    var values: [String: String]
    var flags: Set<String>

    public init(values: [String: String] = [:], flags: Set<String> = []) {
        self.values = values
        self.flags = flags
    }

    /// The value given for `--name`, or nil when absent.
    public func value(_ name: String) -> String? { values[name] }

    /// Whether the flag `--name` was given.
    public func isSet(_ name: String) -> Bool { flags.contains(name) }

    /// The value of `--name` as a positive whole number, or nil when absent.
    public func positiveInteger(_ name: String) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), number > 0 else {
            throw UsageError("--\(name) takes a positive whole number, got '\(text)'")
        }
        return number
    }
}
