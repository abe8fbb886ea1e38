import Foundation
import Testing

@testable import FacteurHTTPClient

@Suite("ResponseBodyBuffer")
struct ResponseBodyBufferTests {
    private func offer(_ buffer: ResponseBodyBuffer, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { buffer.offer($0) }
    }

    private func take(_ buffer: ResponseBodyBuffer) async -> (String, Bool)? {
        guard case .chunk(let data, let shouldResume) = await buffer.next(onCancel: {}) else { return nil }
        return (String(decoding: data, as: UTF8.self), shouldResume)
    }

    @Test("A full buffer refuses chunks, and draining it to half asks for a resume")
    func pausesAndResumes() async {
        let buffer = ResponseBodyBuffer(limit: 10)

        #expect(offer(buffer, "aaaaaa"))
        #expect(offer(buffer, "bbbbbb"))
        #expect(!offer(buffer, "c"))

        let first = await take(buffer)
        #expect(first?.0 == "aaaaaa")
        #expect(first?.1 == false)
        let second = await take(buffer)
        #expect(second?.0 == "bbbbbb")
        #expect(second?.1 == true)
    }

    @Test("Held chunks are delivered before the end, unless the reader cancelled")
    func endsAfterHeldChunks() async {
        let buffer = ResponseBodyBuffer(limit: 100)
        #expect(offer(buffer, "kept"))
        buffer.finish(nil)

        #expect(await take(buffer)?.0 == "kept")
        guard case .end(nil) = await buffer.next(onCancel: {}) else {
            Issue.record("the body did not end cleanly")
            return
        }

        let cancelled = ResponseBodyBuffer(limit: 100)
        #expect(offer(cancelled, "dropped"))
        cancelled.finish(
            HTTPClientError(code: .cancelled, message: "", method: "GET", url: "http://example"),
            discardingBuffered: true
        )
        guard case .end(let error?) = await cancelled.next(onCancel: {}) else {
            Issue.record("a cancelled body delivered data")
            return
        }
        #expect(error.code == .cancelled)
    }
}
