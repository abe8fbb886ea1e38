import CYAML

/// Owns one libyaml parser and the copy of the input it reads, and turns its C events into Swift values.
///
/// The parser is used by one call on one thread and never shared, so the class is not `Sendable`.
final class ParserHandle {
    /// A libyaml event with its strings copied out, so no C memory outlives `nextEvent()`.
    enum Event {
        case streamStart
        case streamEnd
        case documentStart
        case documentEnd
        case alias(anchor: String, mark: YAMLMark)
        case scalar(YAMLScalar, anchor: String?)
        case sequenceStart(anchor: String?, mark: YAMLMark)
        case sequenceEnd
        case mappingStart(anchor: String?, mark: YAMLMark)
        case mappingEnd
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>

    /// Prepares a parser over a private copy of `text`; libyaml reads the input lazily, so it must stay put.
    init(text: String) throws(YAMLError) {
        let bytes = Array(text.utf8)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            input.deallocate()
            throw YAMLError(code: .memory, problem: "cannot initialise the YAML parser")
        }
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// Parses the next event; libyaml's own event is freed before this returns.
    func nextEvent() throws(YAMLError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            throw currentError()
        }
        defer { yaml_event_delete(&event) }

        let mark = Self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = String(
                decoding: UnsafeBufferPointer(start: data.value, count: data.length),
                as: UTF8.self
            )
            let scalar = YAMLScalar(value, style: Self.style(data.style), tag: Self.string(data.tag), mark: mark)
            return .scalar(scalar, anchor: Self.string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: Self.string(event.data.sequence_start.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: Self.string(event.data.mapping_start.anchor), mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            return .streamEnd
        }
    }

    /// Reads libyaml's error fields right after a failed call (yaml.h, `yaml_parser_s`).
    private func currentError() -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown YAML error"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(code: .memory, problem: "out of memory while parsing YAML")
        case YAML_READER_ERROR:
            // The reader reports a byte offset rather than a mark.
            var text = problem
            if state.problem_value != -1 {
                text += " (#\(String(state.problem_value, radix: 16, uppercase: true)))"
            }
            return YAMLError(code: .syntax, problem: text, mark: markOfOffset(state.problem_offset))
        default:
            return YAMLError(
                code: .syntax,
                problem: problem,
                mark: Self.mark(state.problem_mark),
                context: state.context.map { String(cString: $0) },
                contextMark: state.context == nil ? nil : Self.mark(state.context_mark)
            )
        }
    }

    private func markOfOffset(_ offset: Int) -> YAMLMark {
        var line = 1
        var column = 1
        for byte in input.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }

    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: mark.line + 1, column: mark.column + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
