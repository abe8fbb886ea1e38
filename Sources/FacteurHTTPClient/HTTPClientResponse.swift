import Foundation

/// A complete response; any status is a response, since only the caller knows what a 404
/// or a 409 means for its request.
public struct HTTPClientResponse: Sendable {
    /// The status code of the final response (interim 1xx responses are skipped).
    public var status: Int

    /// The header fields of the final response.
    public var headers: HTTPHeaders

    /// The content, after any transfer coding is removed.
    public var body: Data

    /// Creates a response; the client builds these, tests and doubles may too.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
