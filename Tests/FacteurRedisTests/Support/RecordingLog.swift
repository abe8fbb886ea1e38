import FacteurLogging
import Synchronization

/// A logger whose formatted lines are kept for a test to inspect.
final class RecordingLog: Sendable {
    private let recorded = Mutex<[String]>([])

    var lines: [String] {
        recorded.withLock { $0 }
    }

    func makeLogger() -> Logger {
        Logger(label: "test", level: .debug, sink: LogSink(format: .logfmt) { [self] line in
            recorded.withLock { $0.append(line) }
        })
    }
}
