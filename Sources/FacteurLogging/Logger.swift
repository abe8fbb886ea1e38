import Foundation

/// A structured logger shaped like swift-log's: a cheap value that carries a level and
/// metadata, copied per request so every line names the request it belongs to.
public struct Logger: Sendable {
    /// Severity, ordered so that a logger at `.info` drops `.debug` and `.trace`.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace, debug, info, warning, error, critical

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        /// Parses `FACTEUR_LOG_LEVEL` values; `warn` is accepted as the common spelling.
        public init?(name: String) {
            switch name.lowercased() {
            case "trace": self = .trace
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warning
            case "error": self = .error
            case "critical", "fatal": self = .critical
            default: return nil
            }
        }
    }

    /// Metadata keyed by OpenTelemetry-style names such as `facteur.command`.
    public typealias Metadata = [String: MetadataValue]

    /// The name of the component that logs, emitted as `logger`.
    public let label: String

    /// Lines below this level are dropped before their message is built.
    public var logLevel: Level

    /// Metadata attached to every line this copy writes.
    public var metadata: Metadata

    /// Where lines go; shared by every copy, and where telemetry installs its hooks.
    public let sink: LogSink

    /// Creates a logger that writes through `sink`.
    public init(label: String, level: Level = .info, metadata: Metadata = [:], sink: LogSink) {
        self.label = label
        self.logLevel = level
        self.metadata = metadata
        self.sink = sink
    }

    /// Reads or sets one metadata value of this copy.
    public subscript(metadataKey key: String) -> MetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Returns a copy with a different component label and the same sink, level and metadata.
    public func labelled(_ label: String) -> Logger {
        Logger(label: label, level: logLevel, metadata: metadata, sink: sink)
    }

    /// Writes one line when `level` passes the threshold; the message should be a constant
    /// phrase, with every variable part in `metadata`.
    public func log(
        level: Level,
        _ message: @autoclosure () -> String,
        metadata extra: @autoclosure () -> Metadata? = nil
    ) {
        guard level >= logLevel else { return }

        var merged = metadata
        if let extra = extra() {
            merged.merge(extra) { _, new in new }
        }
        sink.write(LogRecord(
            timestamp: Date(),
            level: level,
            label: label,
            message: message(),
            metadata: merged
        ))
    }

    public func trace(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .trace, message(), metadata: metadata())
    }

    public func debug(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .debug, message(), metadata: metadata())
    }

    public func info(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .info, message(), metadata: metadata())
    }

    public func warning(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .warning, message(), metadata: metadata())
    }

    public func error(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .error, message(), metadata: metadata())
    }

    public func critical(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .critical, message(), metadata: metadata())
    }
}

extension Logger {
    /// A logger that discards everything, for tests and components built without one.
    public static var disabled: Logger {
        Logger(label: "disabled", level: .critical, sink: LogSink(format: .logfmt) { _ in })
    }
}
