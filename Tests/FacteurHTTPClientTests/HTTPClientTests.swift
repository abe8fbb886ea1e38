import FacteurTestSupport
import Foundation
import Testing

@testable import FacteurHTTPClient

@Suite("HTTPClient over plain HTTP", .timeLimit(.minutes(1)))
struct HTTPClientTests {
    @Test("A GET sends its header fields and reads the response's")
    func getEchoesHeaders() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            var headers: HTTPHeaders = ["Authorization": "Bearer secret-token"]
            headers.add(name: "X-Repeated", value: "one")
            headers.add(name: "X-Repeated", value: "two")
            let response = try await client.execute(
                HTTPClientRequest(url: peer.url("/echo?watch=true"), headers: headers, timeout: .seconds(10))
            )

            #expect(response.status == 200)
            #expect(response.headers.first(name: "CONTENT-TYPE") == "application/json")
            let echo = try PeerEcho(response.body)
            #expect(echo.method == "GET")
            #expect(echo.path == "/echo?watch=true")
            #expect(echo.headers["x-repeated"] == ["one", "two"])
            #expect(echo.headers["authorization"] == ["Bearer secret-token"])
            #expect(echo.headers["user-agent"] == ["facteur"])
            #expect(echo.headers["expect"] == nil)
        }
    }

    @Test("A request with a body sends it with its method", arguments: [
        HTTPMethod.post, .put, .patch, .delete,
    ])
    func bodyIsSent(method: HTTPMethod) async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.execute(HTTPClientRequest(
                method: method,
                url: peer.url("/echo"),
                headers: ["Content-Type": "application/json"],
                body: Data(#"{"kind":"Workflow"}"#.utf8),
                timeout: .seconds(10)
            ))

            let echo = try PeerEcho(response.body)
            #expect(echo.method == method.rawValue)
            #expect(echo.body == #"{"kind":"Workflow"}"#)
            #expect(echo.headers["content-type"] == ["application/json"])
        }
    }

    @Test("A body without a content type is not labelled as a form")
    func bodyWithoutContentType() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.execute(
                HTTPClientRequest(method: .post, url: peer.url("/echo"), body: Data("x".utf8), timeout: .seconds(10))
            )

            let echo = try PeerEcho(response.body)
            #expect(echo.headers["content-type"] == nil)
            #expect(echo.bodyLength == 1)
        }
    }

    @Test("A HEAD request returns the head without a body")
    func headRequest() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.execute(
                HTTPClientRequest(method: .head, url: peer.url("/echo"), timeout: .seconds(10))
            )

            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(response.headers.contains(name: "content-length"))
        }
    }

    @Test("A 1 MiB body travels both ways intact")
    func largeBodies() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            var upload = Data(count: 1024 * 1024)
            for index in upload.indices {
                upload[index] = UInt8.random(in: 0...255)
            }
            let mirrored = try await client.execute(
                HTTPClientRequest(method: .post, url: peer.url("/mirror"), body: upload, timeout: .seconds(20))
            )
            #expect(mirrored.body == upload)

            let download = try await client.execute(
                HTTPClientRequest(url: peer.url("/bytes?n=1048576"), timeout: .seconds(20))
            )
            #expect(download.body == peerPattern(count: 1024 * 1024))
        }
    }

    @Test("Sequential requests reuse one connection")
    func connectionReuse() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let first = try PeerEcho(
                try await client.execute(HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(10))).body
            )
            let second = try PeerEcho(
                try await client.execute(
                    HTTPClientRequest(
                        method: .post,
                        url: peer.url("/echo"),
                        body: Data("b".utf8),
                        timeout: .seconds(10)
                    )
                ).body
            )

            #expect(first.connection == second.connection)
            #expect(first.clientPort == second.clientPort)
        }
    }

    @Test("Statuses outside 2xx are responses, not errors")
    func errorStatusIsAResponse() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.execute(
                HTTPClientRequest(url: peer.url("/status?code=409"), timeout: .seconds(10))
            )

            #expect(response.status == 409)
            #expect(!response.isSuccess)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"reason":"as asked"}"#)
        }
    }

    @Test("A repeated response header field keeps every value")
    func repeatedResponseHeaders() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.execute(HTTPClientRequest(url: peer.url("/multi"), timeout: .seconds(10)))

            #expect(response.headers["X-MULTI"] == ["first", "second"])
        }
    }

    @Test("A request that outlives its timeout fails as timedOut")
    func timeout() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.execute(
                    HTTPClientRequest(url: peer.url("/slow?delay=10"), timeout: .milliseconds(300))
                )
            }

            #expect(error?.code == .timedOut)
            #expect(error?.isTransient == true)
            #expect(error?.curlCode == 28)
            #expect(clock.now - start < .seconds(5))
        }
    }

    @Test("A refused connection fails as connectFailed")
    func connectionRefused() async throws {
        let client = try HTTPClient()
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:1/healthz", timeout: .seconds(5)))
        }

        #expect(error?.code == .connectFailed)
        #expect(error?.method == "GET")
        #expect(error?.url == "http://127.0.0.1:1/healthz")
        #expect(error?.message.isEmpty == false)
    }

    @Test("Errors name the request without user info or query")
    func errorsCarryNoSecrets() async throws {
        let client = try HTTPClient()
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(
                HTTPClientRequest(url: "http://user:hunter2@127.0.0.1:1/apis?token=hunter2", timeout: .seconds(5))
            )
        }

        let text = try #require(error).description
        #expect(!text.contains("hunter2"))
        #expect(text.contains("http://127.0.0.1:1/apis"))
    }

    @Test("A connection closed mid-body fails as connectionClosed")
    func truncatedBody() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.execute(HTTPClientRequest(url: peer.url("/truncate"), timeout: .seconds(10)))
            }

            #expect(error?.code == .connectionClosed)
        }
    }

    @Test("A body past the configured limit fails as responseTooLarge")
    func responseTooLarge() async throws {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(maximumResponseBodySize: 1000))
        try await HTTPPeer.with { peer in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.execute(HTTPClientRequest(url: peer.url("/bytes?n=50000"), timeout: .seconds(10)))
            }

            #expect(error?.code == .responseTooLarge)
        }
    }

    @Test("A header field with a line break is refused before anything is sent")
    func headerInjection() async throws {
        let client = try HTTPClient()
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPClientRequest(
                url: "http://127.0.0.1:1/",
                headers: ["X-Evil": "a\r\nInjected: yes"]
            ))
        }

        #expect(error?.code == .invalidRequest)
    }

    @Test("Cancelling the awaiting task aborts a slow request promptly")
    func cancellation() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let request = HTTPClientRequest(url: peer.url("/slow?delay=30"), timeout: .seconds(40))
            let task = Task { () async throws -> HTTPClientResponse in
                try await client.execute(request)
            }
            #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 1 })

            let clock = ContinuousClock()
            let start = clock.now
            task.cancel()
            let result = await task.result

            #expect(clientErrorCode(of: result) == .cancelled)
            #expect(clock.now - start < .seconds(3))
            #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
        }
    }

    @Test("A task cancelled before it sends fails without a transfer")
    func cancelledBeforeStart() async throws {
        let client = try HTTPClient()
        let task = Task { () async throws -> HTTPClientResponse in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:1/", timeout: .seconds(5)))
        }

        #expect(clientErrorCode(of: await task.result) == .cancelled)
    }

    @Test("Fifty concurrent requests all complete")
    func concurrentRequests() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let request = HTTPClientRequest(
                            method: .post,
                            url: peer.url("/slow?delay=0.2"),
                            body: Data("request \(index)".utf8),
                            timeout: .seconds(30)
                        )
                        let response = try await client.execute(request)
                        let echo = try PeerEcho(response.body)
                        return echo.body == "request \(index)" ? response.status : -1
                    }
                }
                var statuses: [Int] = []
                for try await status in group {
                    statuses.append(status)
                }
                return statuses
            }

            #expect(statuses.count == 50)
            #expect(statuses.allSatisfy { $0 == 200 })
        }
    }

    @Test("A shut-down client fails in-flight and new requests with shutdown")
    func shutdown() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let task = Task { () async throws -> HTTPClientResponse in
                try await client.execute(HTTPClientRequest(url: peer.url("/slow?delay=30"), timeout: .seconds(40)))
            }
            #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 1 })

            await client.shutdown()

            #expect(clientErrorCode(of: await task.result) == .shutdown)
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.execute(HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(5)))
            }
            #expect(error?.code == .shutdown)
        }
    }
}
