import FacteurLogging
import Synchronization
import Testing
@testable import FacteurHTTP

/// Keeps every line a logger writes.
private final class LineRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func makeLogger() -> Logger {
        Logger(label: "http", level: .debug, sink: LogSink(format: .logfmt) { line in
            self.lines.withLock { $0.append(line) }
        })
    }
}

@Suite("HTTP server logging")
struct HTTPServerLoggingTests {
    @Test("Listen, drain and stop are logged at info, each request at debug with OpenTelemetry keys")
    func lifecycleAndRequests() async throws {
        let recorder = LineRecorder()
        var router = Router()
        router.get("/healthz") { _ in HTTPResponse(status: .noContent) }
        let server = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: 0, threadPoolSize: 1),
            router: router,
            logger: recorder.makeLogger()
        )
        let port = try await server.start()
        _ = try await exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        await server.shutdown(timeout: .seconds(1))

        let lines = recorder.all
        #expect(lines.contains { $0.contains("level=info") && $0.contains("msg=listening")
            && $0.contains("server.port=\(port)") })
        #expect(lines.contains { $0.contains("level=info") && $0.contains("msg=draining") })
        #expect(lines.contains { $0.contains("level=info") && $0.contains("msg=stopped") })
        #expect(lines.contains { line in
            line.contains("level=debug") && line.contains("http.request.method=GET")
                && line.contains("url.path=/healthz") && line.contains("http.response.status_code=204")
        })
    }
}
