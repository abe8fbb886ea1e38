import FacteurLogging
import Synchronization

/// A logger whose formatted lines are kept for a test to inspect.
public final class RecordingLog: Sendable {
    private let recorded = Mutex<[String]>([])

    public init() {}

    /// Every line logged so far, formatted as logfmt.
    public var lines: [String] {
        recorded.withLock { $0 }
    }

    /// A debug-level logger that appends to this log.
    public func makeLogger() -> Logger {
        Logger(label: "test", level: .debug, sink: LogSink(format: .logfmt) { [self] line in
            recorded.withLock { $0.append(line) }
        })
    }
}
