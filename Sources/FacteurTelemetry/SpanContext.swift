/// What travels between processes to join spans into one trace: the W3C Trace Context
/// identifiers, flags and vendor state.
public struct SpanContext: Hashable, Sendable {
    public var traceID: TraceID
    public var spanID: SpanID

    /// The W3C trace flags byte; bit 0 is `sampled`.
    public var traceFlags: UInt8

    /// The `tracestate` header as received, passed on unchanged (W3C Trace Context 3.3).
    public var traceState: String

    /// Whether the context came from another process rather than a local span.
    public var isRemote: Bool

    public init(
        traceID: TraceID,
        spanID: SpanID,
        traceFlags: UInt8 = SpanContext.sampledFlag,
        traceState: String = "",
        isRemote: Bool = false
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.traceFlags = traceFlags
        self.traceState = traceState
        self.isRemote = isRemote
    }

    /// The `sampled` bit of `trace-flags`.
    public static let sampledFlag: UInt8 = 0x01

    /// Whether the caller recorded its side of the trace; a child of an unsampled parent is
    /// not recorded either, so a trace is never exported in pieces.
    public var isSampled: Bool { traceFlags & Self.sampledFlag != 0 }

    /// Whether both identifiers are non-zero.
    public var isValid: Bool { traceID.isValid && spanID.isValid }
}
