import FacteurLogging
import Synchronization

/// Keeps formatted log lines in memory so tests can read what was written.
final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func makeLogger(label: String = "facteur.test") -> Logger {
        Logger(label: label, sink: LogSink(format: .logfmt) { line in self.storage.withLock { $0.append(line) } })
    }
}
