/// A mapping in document order; keys are scalars and unique, which the parser enforces.
public struct YAMLMapping: Sendable, Hashable {
    /// One key and its value.
    public struct Entry: Sendable, Hashable {
        /// The key as written, with its own mark so problems can point at it.
        public var key: YAMLScalar

        /// The value the key maps to.
        public var value: YAMLNode

        /// Creates an entry.
        public init(key: YAMLScalar, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The entries in the order they were written.
    public var entries: [Entry]

    /// Where the mapping starts.
    public var mark: YAMLMark

    /// Creates a mapping; callers building one in code are responsible for keeping keys unique.
    public init(_ entries: [Entry] = [], mark: YAMLMark = .none) {
        self.entries = entries
        self.mark = mark
    }

    /// The value stored under `key`, compared by text.
    public subscript(key: String) -> YAMLNode? {
        entries.first { $0.key.value == key }?.value
    }
}
