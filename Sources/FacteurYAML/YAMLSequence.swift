/// A sequence of nodes in document order.
public struct YAMLSequence: Sendable, Hashable {
    /// The items in the order they were written.
    public var items: [YAMLNode]

    /// Where the sequence starts.
    public var mark: YAMLMark

    /// Creates a sequence.
    public init(_ items: [YAMLNode] = [], mark: YAMLMark = .none) {
        self.items = items
        self.mark = mark
    }
}
