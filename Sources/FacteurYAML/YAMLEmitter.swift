import CYAML

/// Writes a `YAMLNode` tree as block-style YAML through libyaml's emitter, which quotes and escapes
/// whatever could not be read back as written.
public struct YAMLEmitter: Sendable {
    /// Spaces per nesting level, 2 to 9 (libyaml resets anything else to 2).
    public var indent: Int

    /// Creates an emitter.
    public init(indent: Int = 2) {
        self.indent = indent
    }

    /// Renders `node` as one YAML document without `---` or `...` markers.
    ///
    /// A `.plain` scalar is written plain when libyaml allows it and quoted otherwise; use
    /// `YAMLScalar(string:)` for strings that must not read back as numbers, Booleans or null.
    public func emit(_ node: YAMLNode) throws(YAMLError) -> String {
        let handle = try EmitterHandle(indent: indent)
        try handle.emit { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
        try handle.emit { yaml_document_start_event_initialize($0, nil, nil, nil, 1) }
        try emitNode(node, to: handle)
        try handle.emit { yaml_document_end_event_initialize($0, 1) }
        try handle.emit { yaml_stream_end_event_initialize($0) }
        return handle.text
    }

    private func emitNode(_ node: YAMLNode, to handle: EmitterHandle) throws(YAMLError) {
        switch node {
        case .scalar(let scalar):
            try emitScalar(scalar, to: handle)
        case .sequence(let sequence):
            try handle.emit { yaml_sequence_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
            for item in sequence.items {
                try emitNode(item, to: handle)
            }
            try handle.emit { yaml_sequence_end_event_initialize($0) }
        case .mapping(let mapping):
            try handle.emit { yaml_mapping_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
            for entry in mapping.entries {
                try emitScalar(entry.key, to: handle)
                try emitNode(entry.value, to: handle)
            }
            try handle.emit { yaml_mapping_end_event_initialize($0) }
        }
    }

    private func emitScalar(_ scalar: YAMLScalar, to handle: EmitterHandle) throws(YAMLError) {
        let style: yaml_scalar_style_t = switch scalar.style {
        case .plain: YAML_ANY_SCALAR_STYLE
        case .singleQuoted: YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: YAML_LITERAL_SCALAR_STYLE
        case .folded: YAML_FOLDED_SCALAR_STYLE
        }
        // A trailing NUL keeps the buffer non-empty, as libyaml asserts a non-null value pointer.
        var value = Array(scalar.value.utf8)
        let length = Int32(value.count)
        value.append(0)
        let tag = scalar.tag.map { Array($0.utf8) + [0] }
        try value.withUnsafeBufferPointer { valueBuffer throws(YAMLError) in
            try withOptionalBuffer(tag) { tagPointer throws(YAMLError) in
                try handle.emit {
                    yaml_scalar_event_initialize(
                        $0,
                        nil,
                        tagPointer,
                        valueBuffer.baseAddress,
                        length,
                        tagPointer == nil ? 1 : 0,
                        tagPointer == nil ? 1 : 0,
                        style
                    )
                }
            }
        }
    }

    private func withOptionalBuffer(
        _ bytes: [UInt8]?,
        _ body: (UnsafePointer<UInt8>?) throws(YAMLError) -> Void
    ) throws(YAMLError) {
        guard let contents = bytes else {
            return try body(nil)
        }
        try contents.withUnsafeBufferPointer { buffer throws(YAMLError) in
            try body(buffer.baseAddress)
        }
    }
}
