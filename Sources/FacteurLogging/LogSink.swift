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
    public let format: LogFormat
    private let writer: Mutex<@Sendable (String) -> Void>

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

    func write(_ record: LogRecord) {
        let line = LogLineFormatter.format(record, as: format)
        writer.withLock { $0(line) }
    }
}
