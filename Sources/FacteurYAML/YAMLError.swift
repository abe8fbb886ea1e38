/// A failure to read or write YAML, carrying libyaml's own problem text and the position it names.
public struct YAMLError: Error, Sendable, Hashable {
    /// What kind of failure this is; an open set so new kinds do not break callers that switch on it.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The text is not well-formed YAML (libyaml's reader, scanner or parser stopped).
        public static let syntax = Code("syntax")
        /// A mapping repeats a key.
        public static let duplicateKey = Code("duplicate-key")
        /// A mapping key is itself a mapping or a sequence.
        public static let complexKey = Code("complex-key")
        /// An alias names an anchor that was not defined before it.
        public static let undefinedAlias = Code("undefined-alias")
        /// The document nests deeper, or expands aliases further, than a configuration ever needs.
        public static let tooLarge = Code("too-large")
        /// The stream holds more than one document.
        public static let multipleDocuments = Code("multiple-documents")
        /// libyaml could not allocate memory.
        public static let memory = Code("memory")
        /// libyaml's emitter refused an event.
        public static let emitter = Code("emitter")

        public var description: String {
            name
        }
    }

    /// The kind of failure.
    public var code: Code

    /// What went wrong, in libyaml's words where libyaml found it (for example "could not find expected ':'").
    public var problem: String

    /// Where the problem is, when it has a position.
    public var mark: YAMLMark?

    /// What libyaml was doing when it found the problem (for example "while scanning a simple key").
    public var context: String?

    /// Where that context began.
    public var contextMark: YAMLMark?

    /// Creates an error.
    public init(
        code: Code,
        problem: String,
        mark: YAMLMark? = nil,
        context: String? = nil,
        contextMark: YAMLMark? = nil
    ) {
        self.code = code
        self.problem = problem
        self.mark = mark
        self.context = context
        self.contextMark = contextMark
    }
}

extension YAMLError: CustomStringConvertible {
    public var description: String {
        var text = problem
        if let mark {
            text = "\(mark): \(text)"
        }
        if let context {
            text += " (\(context)"
            if let contextMark {
                text += " at \(contextMark)"
            }
            text += ")"
        }
        return text
    }
}
