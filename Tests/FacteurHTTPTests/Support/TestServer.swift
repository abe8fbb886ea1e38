import FacteurHTTP
import FacteurLogging

/// Starts a server on an ephemeral loopback port, runs `body`, and always shuts it down.
func withServer<Value: Sendable>(
    _ router: Router,
    configure: (inout HTTPServer.Configuration) -> Void = { _ in },
    _ body: (HTTPServer, Int) async throws -> Value
) async throws -> Value {
    var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, threadPoolSize: 2)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, router: router, logger: .disabled)
    let port = try await server.start()
    do {
        let value = try await body(server, port)
        await server.shutdown(timeout: .seconds(2))
        return value
    } catch {
        await server.shutdown(timeout: .seconds(2))
        throw error
    }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 5, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
