/// One node of a parsed YAML document, with aliases already resolved, so callers walk a plain Swift tree
/// and never see libyaml.
public indirect enum YAMLNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    /// Where the node starts in its document.
    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { scalar } else { nil }
    }

    /// The mapping, when this node is one.
    public var mapping: YAMLMapping? {
        if case .mapping(let mapping) = self { mapping } else { nil }
    }

    /// The sequence, when this node is one.
    public var sequence: YAMLSequence? {
        if case .sequence(let sequence) = self { sequence } else { nil }
    }

    /// A short name of the node's kind for error messages, such as "a mapping".
    public var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.isNull ? "null" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        }
    }

    /// The number of nodes in this tree, counting this one; used to bound alias expansion.
    var nodeCount: Int {
        switch self {
        case .scalar: 1
        case .mapping(let mapping): mapping.entries.reduce(1) { $0 + 1 + $1.value.nodeCount }
        case .sequence(let sequence): sequence.items.reduce(1) { $0 + $1.nodeCount }
        }
    }
}
