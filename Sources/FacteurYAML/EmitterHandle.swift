import CYAML

/// Owns one libyaml emitter and the buffer its write callback fills.
///
/// Used by a single `emit` call on one thread, so the class is not `Sendable`.
final class EmitterHandle {
    /// Collects the bytes libyaml writes; a class so the C callback can reach it through a raw pointer.
    private final class Output {
        var bytes: [UInt8] = []
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let output = Output()

    /// Prepares an emitter that writes UTF-8 block YAML with the given indentation and no line folding.
    init(indent: Int) throws(YAMLError) {
        emitter = .allocate(capacity: 1)
        guard yaml_emitter_initialize(emitter) == 1 else {
            emitter.deallocate()
            throw YAMLError(code: .memory, problem: "cannot initialise the YAML emitter")
        }
        // Unretained is safe: `output` is a stored property, so it lives exactly as long as the emitter.
        yaml_emitter_set_output(emitter, { context, buffer, size in
            guard let context, let buffer else {
                return 0
            }
            let output = Unmanaged<Output>.fromOpaque(context).takeUnretainedValue()
            output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, Unmanaged.passUnretained(output).toOpaque())
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_indent(emitter, Int32(indent))
        // A negative width disables folding of long scalars (libyaml emitter.c, stream start).
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    }

    deinit {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
    }

    /// The text written so far.
    var text: String {
        String(decoding: output.bytes, as: UTF8.self)
    }

    /// Emits one event; libyaml takes ownership of the event and frees it even when it fails (yaml.h).
    func emit(_ event: inout yaml_event_t) throws(YAMLError) {
        guard yaml_emitter_emit(emitter, &event) == 1 else {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown emitter error"
            throw YAMLError(code: .emitter, problem: problem)
        }
    }

    /// Emits an event that an initialiser filled in, turning an initialiser failure into an error.
    func emit(_ initialize: (UnsafeMutablePointer<yaml_event_t>) -> Int32) throws(YAMLError) {
        var event = yaml_event_t()
        guard initialize(&event) == 1 else {
            throw YAMLError(code: .memory, problem: "cannot allocate a YAML event")
        }
        try emit(&event)
    }
}
