/// Every reason a configuration could not be loaded, gathered so that one run of `config validate`
/// shows them all.
public struct ConfigurationError: Error, Sendable, Equatable {
    /// The kind of failure; an open set so that new kinds do not break callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The configuration file could not be read.
        public static let unreadableFile = Code("unreadable-file")
        /// The configuration file is not well-formed YAML.
        public static let malformedFile = Code("malformed-file")
        /// Values are unknown, missing or invalid; `problems` lists each.
        public static let invalidValues = Code("invalid-values")

        public var description: String {
            name
        }
    }

    /// The kind of failure.
    public var code: Code

    /// Every problem found, in the order of the keys in SPEC section 2; never empty.
    public var problems: [ConfigurationProblem]

    /// The configuration file involved, if one was read.
    public var filePath: String?

    /// Creates an error.
    public init(code: Code, problems: [ConfigurationProblem], filePath: String? = nil) {
        self.code = code
        self.problems = problems
        self.filePath = filePath
    }
}

extension ConfigurationError: CustomStringConvertible {
    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
