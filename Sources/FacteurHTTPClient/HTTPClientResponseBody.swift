import Foundation

/// A streamed response body as chunks in arrival order; it ends when the response does and
/// throws the transfer's error if it ends early. Reading slowly pauses the transfer rather
/// than buffering without bound.
public struct HTTPClientResponseBody: AsyncSequence, Sendable {
    public typealias Element = Data
    public typealias Failure = HTTPClientError

    /// Reads the chunks of one body; only one iterator may read a body.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = Data
        public typealias Failure = HTTPClientError

        private let buffer: ResponseBodyBuffer
        private let lease: TransferLease
        private var isDone = false

        init(buffer: ResponseBodyBuffer, lease: TransferLease) {
            self.buffer = buffer
            self.lease = lease
        }

        /// The next chunk, or `nil` at the end; cancelling the task aborts the transfer.
        public mutating func next() async throws(HTTPClientError) -> Data? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(HTTPClientError) -> Data? {
            guard !isDone else { return nil }

            let lease = self.lease
            switch await buffer.next(onCancel: { lease.cancel() }) {
            case .chunk(let data, let shouldResume):
                if shouldResume {
                    lease.resume()
                }
                return data
            case .end(let failure):
                isDone = true
                if let failure {
                    throw failure
                }
                return nil
            }
        }
    }

    private let buffer: ResponseBodyBuffer
    private let lease: TransferLease

    init(buffer: ResponseBodyBuffer, lease: TransferLease) {
        self.buffer = buffer
        self.lease = lease
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer, lease: lease)
    }

    /// Aborts the transfer; a reader then sees `.cancelled`.
    func cancel() {
        lease.cancel()
    }

    /// Builds an error about this body's request.
    func makeError(_ code: HTTPClientError.Code, message: String) -> HTTPClientError {
        lease.makeError(code, message: message)
    }

    /// The body split at newlines, as Kubernetes watch streams send one JSON event per line.
    public func lines(maximumLineLength: Int = 16 * 1024 * 1024) -> HTTPClientLineSequence {
        HTTPClientLineSequence(body: self, maximumLineLength: maximumLineLength)
    }

    /// Reads the rest of the body into memory, failing with `.responseTooLarge` past
    /// `maximumBytes`; for error responses whose body explains the status.
    public func collect(upTo maximumBytes: Int) async throws(HTTPClientError) -> Data {
        var collected = Data()
        var iterator = makeAsyncIterator()
        while let chunk = try await iterator.next() {
            guard collected.count + chunk.count <= maximumBytes else {
                lease.cancel()
                throw lease.makeError(.responseTooLarge, message: "response body exceeds \(maximumBytes) bytes")
            }
            collected.append(chunk)
        }
        return collected
    }
}
