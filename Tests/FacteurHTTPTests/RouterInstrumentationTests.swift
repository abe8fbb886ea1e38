import Synchronization
import Testing
@testable import FacteurHTTP

/// Records which hook saw which request, with the route it matched and the status.
private final class HookLog: Sendable {
    private let entries = Mutex<[String]>([])
    var all: [String] { entries.withLock { $0 } }
    func add(_ entry: String) { entries.withLock { $0.append(entry) } }
}

@Suite("Router instrumentation hooks")
struct RouterInstrumentationTests {
    private func makeRouter(_ log: HookLog) -> Router {
        var router = Router()
        router.post("/events") { _ in HTTPResponse(status: .accepted) }
        router.addImmediate(.get, "/live") { _ in HTTPResponse(status: .noContent) }
        router.instrument({ request, match, next in
            let response = await next(request)
            log.add("async \(request.method) \(match.template ?? "-") \(response.status.rawValue)")
            return response
        }, immediate: { request, match, next in
            let response = next(request)
            log.add("inline \(request.method) \(match.template ?? "-") \(response.status.rawValue)")
            return response
        })
        return router
    }

    @Test("Every request passes one hook once, with its route, 404 and 405 included")
    func hooksSeeEveryRequest() async {
        let log = HookLog()
        let router = makeRouter(log)
        _ = await router.respond(to: HTTPRequest(method: .post, path: "/events"))
        _ = await router.respond(to: HTTPRequest(method: .get, path: "/live"))
        _ = await router.respond(to: HTTPRequest(method: .get, path: "/nope"))
        _ = await router.respond(to: HTTPRequest(method: .get, path: "/events"))
        #expect(log.all == [
            "async POST /events 202",
            "inline GET /live 204",
            "inline GET - 404",
            "inline GET /events 405",
        ])
    }

    @Test("The server runs the hooks for requests on real sockets")
    func serverRunsHooks() async throws {
        let log = HookLog()
        try await withServer(makeRouter(log)) { _, port in
            let accepted = try await exchange(
                port: port,
                "POST /events HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
            )
            let missing = try await exchange(port: port, "GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(accepted.status == 202)
            #expect(missing.status == 404)
        }
        #expect(log.all == ["async POST /events 202", "inline GET - 404"])
    }
}
