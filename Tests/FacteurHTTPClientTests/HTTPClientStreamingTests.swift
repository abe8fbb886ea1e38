import FacteurTestSupport
import Foundation
import Testing

@testable import FacteurHTTPClient

@Suite("HTTPClient streaming", .timeLimit(.minutes(1)))
struct HTTPClientStreamingTests {
    private struct Event: Decodable {
        let index: Int
    }

    @Test("Lines arrive while the response is still open")
    func linesArriveEarly() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await client.stream(HTTPClientRequest(url: peer.url("/lines?n=2&delay=20")))
            #expect(response.status == 200)
            #expect(response.headers.first(name: "transfer-encoding") == "chunked")

            var lines = response.body.lines().makeAsyncIterator()
            let first = try #require(try await lines.next())

            #expect(try JSONDecoder().decode(Event.self, from: first).index == 0)
            #expect(clock.now - start < .seconds(10))
        }
        // Dropping the unread body aborts the transfer.
        #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
    }

    @Test("A finished stream yields every line, then ends")
    func completeStream() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.stream(
                HTTPClientRequest(url: peer.url("/lines?n=200&delay=0"), timeout: .seconds(20))
            )

            var indices: [Int] = []
            for try await line in response.body.lines() {
                indices.append(try JSONDecoder().decode(Event.self, from: line).index)
            }
            #expect(indices == Array(0..<200))
        }
    }

    @Test("Cancelling the reading task aborts the stream promptly")
    func cancelReader() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.stream(HTTPClientRequest(url: peer.url("/lines?n=3&delay=30")))
            let firstLine = AsyncStream<Void>.makeStream()
            let reader = Task { () async throws -> Int in
                var count = 0
                for try await _ in response.body.lines() {
                    count += 1
                    firstLine.continuation.yield()
                }
                return count
            }
            var signals = firstLine.stream.makeAsyncIterator()
            _ = await signals.next()

            let clock = ContinuousClock()
            let start = clock.now
            reader.cancel()
            let result = await reader.result

            #expect(clientErrorCode(of: result) == .cancelled)
            #expect(clock.now - start < .seconds(3))
            #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
        }
    }

    @Test("Cancelling before the head arrives aborts the request")
    func cancelBeforeHead() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let task = Task { () async throws -> Int in
                try await client.stream(HTTPClientRequest(url: peer.url("/slow?delay=30"))).status
            }
            #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 1 })

            task.cancel()

            #expect(clientErrorCode(of: await task.result) == .cancelled)
            #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
        }
    }

    @Test("A slow reader pauses the transfer and loses nothing")
    func backpressure() async throws {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(streamBufferSize: 32 * 1024))
        try await HTTPPeer.with { peer in
            let size = 4 * 1024 * 1024
            let response = try await client.stream(
                HTTPClientRequest(url: peer.url("/bytes?n=\(size)"), timeout: .seconds(30))
            )

            var received = Data()
            var chunkCount = 0
            for try await chunk in response.body {
                received.append(chunk)
                chunkCount += 1
                if chunkCount % 16 == 0 {
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
            #expect(received == peerPattern(count: size))
        }
    }

    @Test("A streamed error status still carries its body")
    func streamedErrorStatus() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.stream(
                HTTPClientRequest(url: peer.url("/status?code=410"), timeout: .seconds(10))
            )

            #expect(response.status == 410)
            let body = try await response.body.collect(upTo: 1024)
            #expect(String(decoding: body, as: UTF8.self) == #"{"reason":"as asked"}"#)
        }
    }

    @Test("A stream cut off mid-body ends with connectionClosed")
    func truncatedStream() async throws {
        let client = try HTTPClient()
        try await HTTPPeer.with { peer in
            let response = try await client.stream(
                HTTPClientRequest(url: peer.url("/truncate"), timeout: .seconds(10))
            )

            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await response.body.collect(upTo: 10_000)
            }
            #expect(error?.code == .connectionClosed)
        }
    }
}
