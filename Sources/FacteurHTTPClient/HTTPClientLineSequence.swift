import Foundation

/// A streamed body cut into lines without their terminators, for newline-delimited JSON
/// such as Kubernetes watch events; a final line without a newline is returned too.
public struct HTTPClientLineSequence: AsyncSequence, Sendable {
    public typealias Element = Data
    public typealias Failure = HTTPClientError

    /// Reads the lines of one body.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = Data
        public typealias Failure = HTTPClientError

        private var chunks: HTTPClientResponseBody.AsyncIterator
        private let body: HTTPClientResponseBody
        private let maximumLineLength: Int
        private var splitter = LineSplitter()
        private var isBodyDone = false

        init(body: HTTPClientResponseBody, maximumLineLength: Int) {
            self.chunks = body.makeAsyncIterator()
            self.body = body
            self.maximumLineLength = maximumLineLength
        }

        /// The next line, or `nil` at the end; fails with `.responseTooLarge` when a line
        /// grows past the limit, which also aborts the transfer.
        public mutating func next() async throws(HTTPClientError) -> Data? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(HTTPClientError) -> Data? {
            while true {
                if let line = splitter.nextLine() {
                    return line
                }
                if isBodyDone {
                    return splitter.finish()
                }
                guard splitter.pendingCount <= maximumLineLength else {
                    body.cancel()
                    throw body.makeError(
                        .responseTooLarge,
                        message: "a line of the response body exceeds \(maximumLineLength) bytes"
                    )
                }
                if let chunk = try await chunks.next(isolation: actor) {
                    splitter.append(chunk)
                } else {
                    isBodyDone = true
                }
            }
        }
    }

    private let body: HTTPClientResponseBody
    private let maximumLineLength: Int

    init(body: HTTPClientResponseBody, maximumLineLength: Int) {
        self.body = body
        self.maximumLineLength = maximumLineLength
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body, maximumLineLength: maximumLineLength)
    }
}
