/// Ties a streamed transfer to the body that reads it: it keeps the client alive while the
/// body can still be read, and aborts the transfer once no copy of the body is left.
final class TransferLease: Sendable {
    private let client: HTTPClient
    private let transfer: CurlTransfer

    init(client: HTTPClient, transfer: CurlTransfer) {
        self.client = client
        self.transfer = transfer
    }

    deinit {
        client.loop.cancel(transfer)
    }

    /// Aborts the transfer; the reader then sees `.cancelled`.
    func cancel() {
        client.loop.cancel(transfer)
    }

    /// Builds an error about the transfer's request.
    func makeError(_ code: HTTPClientError.Code, message: String) -> HTTPClientError {
        transfer.makeError(code, message: message)
    }

    /// Continues a transfer paused because the reader fell behind.
    func resume() {
        client.loop.resume(transfer)
    }
}
