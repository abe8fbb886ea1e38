import FacteurLogging
import Foundation
import Synchronization
import Testing

/// Collects formatted lines in memory so tests can read what the logger wrote.
private final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func makeSink(format: LogFormat) -> LogSink {
        LogSink(format: format) { line in self.storage.withLock { $0.append(line) } }
    }
}

@Suite("Structured logging")
struct LoggerTests {
    @Test("logfmt lines carry the fixed keys, then sorted metadata, quoting where needed")
    func logfmtLine() throws {
        let collector = LineCollector()
        var logger = Logger(label: "facteur.http", sink: collector.makeSink(format: .logfmt))
        logger[metadataKey: "trace_id"] = "abc"

        logger.info("request served", metadata: ["url.path": "/healthz", "note": "two words"])

        let line = try #require(collector.lines.first)
        #expect(line.hasPrefix("time="))
        #expect(line.contains(" level=info logger=facteur.http msg=\"request served\" "))
        #expect(line.hasSuffix("note=\"two words\" trace_id=abc url.path=/healthz"))
    }

    @Test("JSON lines are valid JSON objects with typed values")
    func jsonLine() throws {
        let collector = LineCollector()
        let logger = Logger(label: "facteur", sink: collector.makeSink(format: .json))

        logger.warning("odd \"quote\"\n", metadata: ["count": 3, "ok": true, "ids": ["a", "b"]])

        let line = try #require(collector.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["msg"] as? String == "odd \"quote\"\n")
        #expect(object["count"] as? Int == 3)
        #expect(object["ok"] as? Bool == true)
        #expect(object["ids"] as? [String] == ["a", "b"])
        #expect(!line.contains("\n"))
    }

    @Test("Lines below the threshold are dropped without building the message")
    func levelThreshold() {
        let collector = LineCollector()
        let logger = Logger(label: "facteur", level: .warning, sink: collector.makeSink(format: .logfmt))
        let built = Atomic<Int>(0)
        func message() -> String {
            built.add(1, ordering: .relaxed)
            return "noisy"
        }

        logger.debug(message())
        logger.info(message())
        logger.error(message())

        #expect(collector.lines.count == 1)
        #expect(built.load(ordering: .relaxed) == 1)
    }

    @Test("The environment selects format and level, and bad values are named", arguments: [
        (["FACTEUR_LOG_FORMAT": "json", "FACTEUR_LOG_LEVEL": "debug"], LogFormat.json, Logger.Level.debug, 0),
        (["FACTEUR_LOG_LEVEL": "WARN"], LogFormat.logfmt, Logger.Level.warning, 0),
        (["FACTEUR_LOG_FORMAT": "xml"], LogFormat.logfmt, Logger.Level.info, 1),
        (["FACTEUR_LOG_FORMAT": "xml", "FACTEUR_LOG_LEVEL": "loud"], LogFormat.logfmt, Logger.Level.info, 2),
    ])
    func environment(variables: [String: String], format: LogFormat, level: Logger.Level, problems: Int) {
        let environment = LoggingEnvironment(environment: variables)
        #expect(environment.format == format)
        #expect(environment.level == level)
        #expect(environment.problems.count == problems)
        for problem in environment.problems {
            #expect(problem.hasPrefix("FACTEUR_LOG_"))
        }
    }
}
