import Foundation
import Synchronization
import Testing
@testable import FacteurHTTP

/// Echoes what the server parsed, so tests can compare it with what was sent.
private struct Echo: Codable {
    let method: String
    let path: String
    let query: String?
    let name: String?
    let header: String?
    let remoteAddress: String?
    let bodySize: Int
}

@Suite("HTTP server on real sockets")
struct HTTPServerTests {
    private func makeRouter() -> Router {
        var router = Router()
        router.get("/healthz") { _ in .json(bytes: Array(#"{"status":"ok"}"#.utf8)) }
        router.post("/echo") { request in
            HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
        }
        router.get("/inspect") { request in
            .json(Echo(
                method: request.method.rawValue,
                path: request.path,
                query: request.query,
                name: request.queryValue("name"),
                header: request.headers["x-facteur-test"],
                remoteAddress: request.remoteAddress,
                bodySize: request.body.count
            ))
        }
        router.addImmediate(.get, "/live") { _ in .json(bytes: Array(#"{"status":"live"}"#.utf8)) }
        router.get("/broken") { _ in HTTPResponse(status: .ok, headers: ["X-Bad": "a\r\nInjected: yes"]) }
        return router
    }

    @Test("GET answers 200 with a JSON body and keeps the connection open")
    func okJSON() async throws {
        try await withServer(makeRouter()) { _, port in
            let response = try await exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.bodyText == #"{"status":"ok"}"#)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Connection")?.lowercased() != "close")
        }
    }

    @Test("An unknown path is 404 with the JSON error body")
    func notFound() async throws {
        try await withServer(makeRouter()) { _, port in
            let response = try await exchange(port: port, "GET /missing HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(response.status == 404)
            let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
            #expect(body?["error"] == "not found")
            #expect(body?["details"] != nil)
        }
    }

    @Test("A wrong method is 405 with Allow")
    func methodNotAllowed() async throws {
        try await withServer(makeRouter()) { _, port in
            let response = try await exchange(
                port: port,
                "DELETE /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n"
            )
            #expect(response.status == 405)
            #expect(response.header("Allow") == "POST")
            #expect(response.bodyText.contains(#""error":"method not allowed""#))
        }
    }

    @Test("A declared body over the limit is 413 at once and the connection closes")
    func tooLargeByContentLength() async throws {
        try await withServer(makeRouter(), configure: { $0.maxBodyBytes = 1024 }) { _, port in
            let closed = try await offload {
                let connection = try RawConnection.connect(port: port)
                try connection.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n")
                let response = try connection.readResponse()
                #expect(response.status == 413)
                #expect(response.bodyText.contains(#""error":"request body too large""#))
                return connection.isClosedByPeer()
            }
            #expect(closed)
        }
    }

    @Test("A chunked body over the limit is read, discarded and answered 413")
    func tooLargeChunked() async throws {
        try await withServer(makeRouter(), configure: { $0.maxBodyBytes = 1024 }) { _, port in
            let chunk = String(repeating: "x", count: 512)
            var request = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
            for _ in 0..<4 {
                request += "200\r\n\(chunk)\r\n"
            }
            request += "0\r\n\r\n"
            let response = try await exchange(port: port, request)
            #expect(response.status == 413)
            #expect(response.bodyText.contains("1024"))
        }
    }

    @Test("Request bodies arrive intact", arguments: [0, 1, 70_000, 1_048_576])
    func bodyIntact(size: Int) async throws {
        try await withServer(makeRouter(), configure: { $0.maxBodyBytes = 2 * 1_048_576 }) { _, port in
            var generator = SystemRandomNumberGenerator()
            let body = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let response = try await offload {
                let connection = try RawConnection.connect(port: port)
                try connection.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: \(size)\r\n\r\n")
                try connection.send(body)
                return try connection.readResponse()
            }
            #expect(response.status == 200)
            #expect(response.body == body)
        }
    }

    @Test("Chunked request bodies arrive without their framing")
    func chunkedBodyIntact() async throws {
        try await withServer(makeRouter()) { _, port in
            let request = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
            let response = try await exchange(port: port, request)
            #expect(response.status == 200)
            #expect(response.bodyText == "hello world")
        }
    }

    @Test("Method, path, query, headers and peer address reach the handler")
    func requestParts() async throws {
        try await withServer(makeRouter()) { _, port in
            let response = try await exchange(
                port: port,
                "GET /inspect?name=J%C3%A9r%C3%B4me+D&x=1 HTTP/1.1\r\nHost: test\r\nX-Facteur-Test: value 1\r\n\r\n"
            )
            #expect(response.status == 200)
            let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
            #expect(echo.method == "GET")
            #expect(echo.path == "/inspect")
            #expect(echo.query == "name=J%C3%A9r%C3%B4me+D&x=1")
            #expect(echo.name == "Jérôme D")
            #expect(echo.header == "value 1")
            #expect(echo.remoteAddress == "127.0.0.1")
            #expect(echo.bodySize == 0)
        }
    }

    @Test("HEAD is answered from the GET route without a body")
    func head() async throws {
        try await withServer(makeRouter()) { _, port in
            let response = try await offload {
                let connection = try RawConnection.connect(port: port)
                try connection.send("HEAD /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
                return try connection.readResponse(isHead: true)
            }
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
        }
    }

    @Test("A response libmicrohttpd refuses to build becomes 500 with the JSON error body")
    func unbuildableResponse() async throws {
        try await withServer(makeRouter()) { _, port in
            let response = try await exchange(port: port, "GET /broken HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(response.status == 500)
            #expect(response.header("Injected") == nil)
            #expect(response.bodyText.contains(#""error":"internal error""#))
        }
    }

    @Test("200 concurrent requests are all answered")
    func concurrentRequests() async throws {
        try await withServer(makeRouter()) { _, port in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        try await exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n").status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
        }
    }

    @Test("Two requests share one keep-alive connection")
    func keepAlive() async throws {
        try await withServer(makeRouter()) { _, port in
            let (first, second) = try await offload {
                let connection = try RawConnection.connect(port: port)
                try connection.send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
                let first = try connection.readResponse()
                try connection.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\nhi")
                let second = try connection.readResponse()
                return (first, second)
            }
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(second.bodyText == "hi")
            #expect(first.header("Connection")?.lowercased() != "close")
            #expect(second.header("Connection")?.lowercased() != "close")
        }
    }

    @Test("An immediate route is answered inline on a kept-alive connection")
    func immediateRoute() async throws {
        try await withServer(makeRouter()) { _, port in
            let responses = try await offload {
                let connection = try RawConnection.connect(port: port)
                return try (0..<2).map { _ in
                    try connection.send("GET /live HTTP/1.1\r\nHost: test\r\n\r\n")
                    return try connection.readResponse()
                }
            }
            #expect(responses.map(\.status) == [200, 200])
            #expect(responses.allSatisfy { $0.bodyText == #"{"status":"live"}"# })
            #expect(responses.allSatisfy { $0.header("Connection")?.lowercased() != "close" })
        }
    }

    @Test("With keep-alive off every response closes its connection")
    func keepAliveDisabled() async throws {
        try await withServer(makeRouter(), configure: { $0.isKeepAliveEnabled = false }) { _, port in
            let (response, closed) = try await offload {
                let connection = try RawConnection.connect(port: port)
                try connection.send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
                return (try connection.readResponse(), connection.isClosedByPeer())
            }
            #expect(response.status == 200)
            #expect(response.header("Connection")?.lowercased() == "close")
            #expect(closed)
        }
    }

    @Test("A request line without the rest of the request releases its context")
    func abandonedRequestIsReleased() async throws {
        try await withServer(makeRouter()) { server, port in
            try await offload {
                let connection = try RawConnection.connect(port: port)
                try connection.send("GET /healthz HTTP/1.1\r\nHost: te")
                Thread.sleep(forTimeInterval: 0.1)
            }
            let isIdle = await eventually { await server.activeRequestCount == 0 }
            #expect(isIdle)
        }
    }
}
