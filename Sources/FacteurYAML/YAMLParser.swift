/// Reads one YAML document into a `YAMLNode` tree, enforcing what configuration files rely on:
/// unique mapping keys, scalar keys, defined aliases and a single document.
public struct YAMLParser: Sendable {
    /// The deepest nesting accepted; libyaml recurses without a limit, the composer here does not.
    public var maximumDepth: Int

    /// The most nodes a document may expand to once aliases are resolved, which stops alias bombs.
    public var maximumNodeCount: Int

    /// Creates a parser with limits far above any configuration file.
    public init(maximumDepth: Int = 256, maximumNodeCount: Int = 1_000_000) {
        self.maximumDepth = maximumDepth
        self.maximumNodeCount = maximumNodeCount
    }

    /// Parses `text`; returns nil when the stream holds no document (an empty file or only comments).
    public func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        var composer = Composer(
            handle: try ParserHandle(text: text),
            maximumDepth: maximumDepth,
            maximumNodeCount: maximumNodeCount
        )
        return try composer.composeStream()
    }
}

/// Builds nodes from the event stream; one per `parse` call.
private struct Composer {
    let handle: ParserHandle
    let maximumDepth: Int
    let maximumNodeCount: Int
    var anchors: [String: YAMLNode] = [:]
    var nodeCount = 0

    mutating func composeStream() throws(YAMLError) -> YAMLNode? {
        guard case .streamStart = try handle.nextEvent() else {
            throw YAMLError(code: .syntax, problem: "expected the start of a YAML stream")
        }
        guard case .documentStart = try handle.nextEvent() else {
            return nil
        }

        let root = try composeNode(try handle.nextEvent(), depth: 0)
        guard case .documentEnd = try handle.nextEvent() else {
            throw YAMLError(code: .syntax, problem: "expected the end of the document", mark: root.mark)
        }
        if case .documentStart = try handle.nextEvent() {
            throw YAMLError(
                code: .multipleDocuments,
                problem: "expected a single document, found a second one",
                mark: nil
            )
        }
        return root
    }

    private mutating func composeNode(_ event: ParserHandle.Event, depth: Int) throws(YAMLError) -> YAMLNode {
        let node: YAMLNode
        let anchor: String?
        switch event {
        case .scalar(let scalar, let scalarAnchor):
            node = .scalar(scalar)
            anchor = scalarAnchor
            try count(1, at: scalar.mark)
        case .alias(let name, let mark):
            guard let target = anchors[name] else {
                throw YAMLError(
                    code: .undefinedAlias,
                    problem: "alias *\(name) names no anchor defined before it",
                    mark: mark
                )
            }
            try count(target.nodeCount, at: mark)
            return target
        case .sequenceStart(let sequenceAnchor, let mark):
            try checkDepth(depth, at: mark)
            try count(1, at: mark)
            node = .sequence(try composeSequence(at: mark, depth: depth))
            anchor = sequenceAnchor
        case .mappingStart(let mappingAnchor, let mark):
            try checkDepth(depth, at: mark)
            try count(1, at: mark)
            node = .mapping(try composeMapping(at: mark, depth: depth))
            anchor = mappingAnchor
        default:
            throw YAMLError(code: .syntax, problem: "unexpected event while reading a node")
        }

        if let anchor {
            anchors[anchor] = node
        }
        return node
    }

    private mutating func composeSequence(at mark: YAMLMark, depth: Int) throws(YAMLError) -> YAMLSequence {
        var items: [YAMLNode] = []
        while true {
            let event = try handle.nextEvent()
            if case .sequenceEnd = event {
                return YAMLSequence(items, mark: mark)
            }
            items.append(try composeNode(event, depth: depth + 1))
        }
    }

    private mutating func composeMapping(at mark: YAMLMark, depth: Int) throws(YAMLError) -> YAMLMapping {
        var entries: [YAMLMapping.Entry] = []
        var seen: [String: YAMLMark] = [:]
        while true {
            let event = try handle.nextEvent()
            if case .mappingEnd = event {
                return YAMLMapping(entries, mark: mark)
            }

            let keyNode = try composeNode(event, depth: depth + 1)
            guard let key = keyNode.scalar else {
                throw YAMLError(
                    code: .complexKey,
                    problem: "mapping keys must be scalars, found \(keyNode.kindDescription)",
                    mark: keyNode.mark
                )
            }
            if let first = seen[key.value] {
                throw YAMLError(
                    code: .duplicateKey,
                    problem: "duplicate key \"\(key.value)\"",
                    mark: key.mark,
                    context: "first defined",
                    contextMark: first
                )
            }
            seen[key.value] = key.mark
            let value = try composeNode(try handle.nextEvent(), depth: depth + 1)
            entries.append(YAMLMapping.Entry(key: key, value: value))
        }
    }

    private func checkDepth(_ depth: Int, at mark: YAMLMark) throws(YAMLError) {
        guard depth < maximumDepth else {
            throw YAMLError(code: .tooLarge, problem: "nesting deeper than \(maximumDepth) levels", mark: mark)
        }
    }

    private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(YAMLError) {
        nodeCount += nodes
        guard nodeCount <= maximumNodeCount else {
            throw YAMLError(
                code: .tooLarge,
                problem: "document expands to more than \(maximumNodeCount) nodes",
                mark: mark
            )
        }
    }
}
