import Foundation
@testable import FacteurHTTPClient

/// What the peer's `/echo` route reports about the request it received.
struct PeerEcho: Decodable {
    let method: String
    let path: String
    let headers: [String: [String]]
    let body: String
    let bodyLength: Int
    let clientPort: Int
    let connection: Int

    enum CodingKeys: String, CodingKey {
        case method, path, headers, body
        case bodyLength = "body_length"
        case clientPort = "client_port"
        case connection
    }

    init(_ data: Data) throws {
        self = try JSONDecoder().decode(PeerEcho.self, from: data)
    }
}

/// The bytes of the peer's `/bytes` route: byte `i` is `i % 251`.
func peerPattern(count: Int) -> Data {
    Data((0..<count).map { UInt8($0 % 251) })
}

/// The client error code a task ended with, or `nil` if it succeeded or threw another error.
func clientErrorCode<Success>(of result: Result<Success, any Error>) -> HTTPClientError.Code? {
    guard case .failure(let error) = result else { return nil }
    return (error as? HTTPClientError)?.code
}
