/// A response whose head has arrived and whose body is still being received.
public struct HTTPClientStreamingResponse: Sendable {
    /// The status code of the final response.
    public var status: Int

    /// The header fields of the final response.
    public var headers: HTTPHeaders

    /// The body as it arrives; read it once, from one task.
    public var body: HTTPClientResponseBody

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
