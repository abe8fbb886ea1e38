import Foundation
import Synchronization
import Testing
@testable import FacteurHTTP

/// Lets a test see that a handler has started and, later, that it has returned.
private final class HandlerProbe: Sendable {
    let started = Atomic(0)
    let finished = Atomic(0)
}

@Suite("HTTP server shutdown")
struct HTTPServerShutdownTests {
    private func makeRouter(probe: HandlerProbe, slowFor delay: Duration) -> Router {
        var router = Router()
        router.get("/fast") { _ in .json(bytes: Array(#"{"status":"ok"}"#.utf8)) }
        router.get("/slow") { _ in
            probe.started.add(1, ordering: .sequentiallyConsistent)
            // Deliberately ignores cancellation: a handler that does not cooperate.
            let deadline = ContinuousClock.now + delay
            while ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            probe.finished.add(1, ordering: .sequentiallyConsistent)
            return .json(bytes: Array(#"{"slow":true}"#.utf8))
        }
        return router
    }

    private func isRefused(port: Int) async -> Bool {
        do {
            _ = try await offload { try RawConnection.connect(port: port, timeoutSeconds: 1) }
            return false
        } catch let error as RawConnectionError {
            return error.code == ECONNREFUSED
        } catch {
            return false
        }
    }

    private func startServer(_ router: Router) async throws -> (HTTPServer, Int) {
        let configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, threadPoolSize: 2)
        let server = HTTPServer(configuration: configuration, router: router)
        return (server, try await server.start())
    }

    @Test("A slow handler completes during shutdown while new connections are refused")
    func slowHandlerCompletes() async throws {
        let probe = HandlerProbe()
        // Long enough that the refusal check below finishes first even on a loaded machine.
        let (server, port) = try await startServer(makeRouter(probe: probe, slowFor: .seconds(4)))

        let slow = try await offload { try RawConnection.connect(port: port) }
        try await offload { try slow.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n") }
        #expect(await eventually { probe.started.load(ordering: .sequentiallyConsistent) == 1 })

        let shutdown = Task { await server.shutdown(timeout: .seconds(10)) }
        #expect(await eventually(within: 3) { await self.isRefused(port: port) })
        #expect(probe.finished.load(ordering: .sequentiallyConsistent) == 0)

        let response = try await offload { try slow.readResponse() }
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"slow":true}"#)
        await shutdown.value
        #expect(await server.port == nil)
    }

    @Test("A new request on an open keep-alive connection during shutdown gets 503 and a close")
    func keepAliveRequestDuringShutdown() async throws {
        let probe = HandlerProbe()
        let (server, port) = try await startServer(makeRouter(probe: probe, slowFor: .seconds(4)))

        let idle = try await offload { try RawConnection.connect(port: port) }
        let first = try await offload {
            try idle.send("GET /fast HTTP/1.1\r\nHost: test\r\n\r\n")
            return try idle.readResponse()
        }
        #expect(first.status == 200)

        let slow = try await offload { try RawConnection.connect(port: port) }
        try await offload { try slow.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n") }
        #expect(await eventually { probe.started.load(ordering: .sequentiallyConsistent) == 1 })

        let shutdown = Task { await server.shutdown(timeout: .seconds(10)) }
        #expect(await eventually(within: 3) { await self.isRefused(port: port) })

        let (refused, closed) = try await offload {
            try idle.send("GET /fast HTTP/1.1\r\nHost: test\r\n\r\n")
            return (try idle.readResponse(), idle.isClosedByPeer())
        }
        #expect(refused.status == 503)
        #expect(refused.header("Connection")?.lowercased() == "close")
        #expect(refused.bodyText.contains(#""error":"shutting down""#))
        #expect(closed)

        let response = try await offload { try slow.readResponse() }
        #expect(response.status == 200)
        await shutdown.value
    }

    @Test("Shutdown gives up on a handler that outlives the timeout")
    func timeoutHonoured() async throws {
        let probe = HandlerProbe()
        let (server, port) = try await startServer(makeRouter(probe: probe, slowFor: .seconds(5)))

        let slow = try await offload { try RawConnection.connect(port: port) }
        try await offload { try slow.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n") }
        #expect(await eventually { probe.started.load(ordering: .sequentiallyConsistent) == 1 })

        let began = ContinuousClock.now
        await server.shutdown(timeout: .milliseconds(300))
        let elapsed = ContinuousClock.now - began
        #expect(elapsed >= .milliseconds(300))
        // Generous: the handler alone would take 5 s, and parallel suites load the machine.
        #expect(elapsed < .milliseconds(4000))
        #expect(probe.finished.load(ordering: .sequentiallyConsistent) == 0)

        let response = try? await offload { try slow.readResponse() }
        #expect(response == nil || response?.status == 503)

        // The handler's late answer must be dropped without touching the closed connection.
        #expect(await eventually(within: 8) { probe.finished.load(ordering: .sequentiallyConsistent) == 1 })
    }

    @Test("Shutdown of an idle server returns promptly and stops listening")
    func idleShutdown() async throws {
        let (server, port) = try await startServer(makeRouter(probe: HandlerProbe(), slowFor: .zero))
        let began = ContinuousClock.now
        await server.shutdown(timeout: .seconds(10))
        // Well under the timeout: with nothing in flight, shutdown must not wait for it.
        #expect(ContinuousClock.now - began < .seconds(5))
        #expect(await isRefused(port: port))
        await server.shutdown(timeout: .seconds(5))
    }
}
