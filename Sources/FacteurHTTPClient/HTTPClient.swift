import FacteurLogging
import Foundation

/// An HTTP/1.1 and HTTP/2 client on libcurl with one connection pool and one TLS identity,
/// for the Kubernetes API, Discord and OTLP exporters; non-2xx statuses are responses, not
/// errors, since only the caller knows what they mean.
public final class HTTPClient: Sendable {
    /// The settings every request of this client uses.
    public let configuration: HTTPClientConfiguration

    let loop: CurlMultiLoop

    /// Creates a client and starts the thread that drives its transfers.
    public init(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        logger: Logger = .disabled
    ) throws(HTTPClientError) {
        self.configuration = configuration
        self.loop = try CurlMultiLoop(configuration: configuration, logger: logger)
    }

    deinit {
        loop.shutdown()
    }

    /// Sends a request and collects the whole response; cancelling the calling task aborts
    /// the transfer and throws `.cancelled`.
    public func execute(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        let transfer = try CurlTransfer.make(request: request, configuration: configuration)
        let loop = self.loop
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard loop.submit(transfer, for: .buffered(continuation)) else {
                    continuation.resume(returning: .failure(Self.shutdownError(for: transfer)))
                    return
                }
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        return try result.get()
    }

    /// Sends a request and returns once the response head has arrived, with the body as an
    /// asynchronous sequence of chunks, for responses that stay open such as Kubernetes
    /// watches. Cancelling the calling task, or the task reading the body, aborts the
    /// transfer; so does discarding the body unread.
    public func stream(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientStreamingResponse {
        let transfer = try CurlTransfer.make(request: request, configuration: configuration)
        let buffer = ResponseBodyBuffer(limit: configuration.streamBufferSize)
        let loop = self.loop
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard loop.submit(transfer, for: .streaming(continuation, buffer)) else {
                    continuation.resume(returning: .failure(Self.shutdownError(for: transfer)))
                    return
                }
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        let head = try result.get()
        let body = HTTPClientResponseBody(buffer: buffer, lease: TransferLease(client: self, transfer: transfer))
        return HTTPClientStreamingResponse(status: head.status, headers: head.headers, body: body)
    }

    /// Fails transfers in flight with `.shutdown`, refuses new ones, and waits for the curl
    /// thread to end; dropping the last reference does the same without waiting.
    public func shutdown() async {
        loop.shutdown()
        await loop.waitUntilExited()
    }

    private static func shutdownError(for transfer: CurlTransfer) -> HTTPClientError {
        transfer.makeError(.shutdown, message: "the HTTP client was shut down")
    }
}
