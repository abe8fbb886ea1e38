import Foundation
import Synchronization

/// One log event, as handed to a sink.
public struct LogRecord: Sendable {
    public var timestamp: Date
    public var level: Logger.Level
    public var label: String
    public var message: String
    public var metadata: Logger.Metadata
}

/// The line formats `FACTEUR_LOG_FORMAT` selects.
public enum LogFormat: String, Sendable, CaseIterable {
    case logfmt
    case json
}

/// Formats records as single lines and hands them to a writer; the writer is serialised
/// so lines from concurrent requests never interleave.
public final class LogSink: Sendable {
    /// Returns metadata to add to every line, evaluated in the logging task, like swift-log's
    /// `Logger.MetadataProvider`; telemetry uses it to add `trace_id` and `span_id`. A
    /// logger's own metadata wins over the provider's on a shared key.
    public typealias MetadataProvider = @Sendable () -> Logger.Metadata

    /// Receives every record written, after the line; the OTLP logs exporter uses it. It
    /// runs on the logging thread, so it must only enqueue.
    public typealias RecordObserver = @Sendable (LogRecord) -> Void

    private struct Hooks {
        var metadataProvider: MetadataProvider?
        var recordObserver: RecordObserver?
    }

    public let format: LogFormat
    private let writer: Mutex<@Sendable (String) -> Void>
    private let hooks = Mutex(Hooks())

    /// Creates a sink that passes each formatted line, without its newline, to `write`.
    public init(format: LogFormat, write: @escaping @Sendable (String) -> Void) {
        self.format = format
        self.writer = Mutex(write)
    }

    /// A sink writing to standard output, where the platform's log shipper collects it.
    public static func standardOutput(format: LogFormat) -> LogSink {
        LogSink(format: format) { line in
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// Installs, or with nil removes, the metadata provider; set once at startup, since
    /// telemetry is configured after the first logger exists.
    public func setMetadataProvider(_ provider: MetadataProvider?) {
        hooks.withLock { $0.metadataProvider = provider }
    }

    /// Installs, or with nil removes, the record observer.
    public func setRecordObserver(_ observer: RecordObserver?) {
        hooks.withLock { $0.recordObserver = observer }
    }

    func write(_ record: LogRecord) {
        let hooks = self.hooks.withLock { $0 }
        var record = record
        if let provider = hooks.metadataProvider {
            record.metadata.merge(provider()) { own, _ in own }
        }
        let line = LogLineFormatter.format(record, as: format)
        writer.withLock { $0(line) }
        hooks.recordObserver?(record)
    }
}
