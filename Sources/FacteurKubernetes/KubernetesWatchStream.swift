import FacteurHTTPClient
import Foundation

/// One event of a watch stream, `{"type","object"}`; an `ERROR` event carries a `Status`
/// (410 `Expired` when the resourceVersion is too old) instead of an object.
public struct KubernetesWatchEvent<Object: Decodable & Sendable>: Sendable, Decodable {
    /// The event types of the Kubernetes watch protocol.
    public enum EventType: String, Sendable, Decodable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
        case error = "ERROR"
    }

    /// What happened to the object.
    public var type: EventType

    /// The object of every event but `ERROR`; a `BOOKMARK` holds only a resourceVersion.
    public var object: Object?

    /// The failure an `ERROR` event reports.
    public var status: KubernetesStatus?

    private enum CodingKeys: String, CodingKey {
        case type
        case object
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(EventType.self, forKey: .type)
        if type == .error {
            status = try container.decode(KubernetesStatus.self, forKey: .object)
        } else {
            object = try container.decode(Object.self, forKey: .object)
        }
    }
}

/// The decoded events of one open watch; it ends when the server closes the stream cleanly
/// (its `timeoutSeconds` passed) and throws when the stream is cut.
public struct KubernetesWatchStream<Object: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = KubernetesWatchEvent<Object>
    public typealias Failure = KubernetesError

    /// Reads the events of one stream; only one iterator may read it.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = KubernetesWatchEvent<Object>
        public typealias Failure = KubernetesError

        private var lines: HTTPClientLineSequence.AsyncIterator
        private let method: String
        private let path: String

        init(lines: HTTPClientLineSequence, method: String, path: String) {
            self.lines = lines.makeAsyncIterator()
            self.method = method
            self.path = path
        }

        public mutating func next() async throws(KubernetesError) -> Element? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(KubernetesError) -> Element? {
            while true {
                let line: Data?
                do throws(HTTPClientError) {
                    line = try await lines.next(isolation: actor)
                } catch {
                    throw KubernetesError(
                        code: error.code == .cancelled ? .cancelled : .unavailable,
                        message: "the watch stream broke: \(error.message)",
                        method: method,
                        path: path,
                        underlying: error
                    )
                }
                guard let line else { return nil }
                guard line.contains(where: { !Self.isWhitespace($0) }) else { continue }

                do {
                    return try JSONDecoder().decode(Element.self, from: line)
                } catch {
                    throw KubernetesError(
                        code: .invalidResponse,
                        message: "a watch event is not valid: \(error)",
                        method: method,
                        path: path,
                        httpStatus: 200
                    )
                }
            }
        }

        private static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
        }
    }

    private let lines: HTTPClientLineSequence
    private let method: String
    private let path: String

    init(lines: HTTPClientLineSequence, method: String, path: String) {
        self.lines = lines
        self.method = method
        self.path = path
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: lines, method: method, path: path)
    }
}

extension KubernetesClient {
    /// Opens a watch (the request should carry `watch=1`) and returns its events once the
    /// server has answered 200. Opening is tried once, plus one token re-read on a 401: the
    /// caller owns resumption, since only it knows the last resourceVersion it saw.
    /// - Parameter timeout: the limit on the whole stream, a little above its `timeoutSeconds`.
    public func watch<Object: Decodable & Sendable>(
        _ request: KubernetesRequest,
        as type: Object.Type,
        timeout: Duration? = nil
    ) async throws(KubernetesError) -> KubernetesWatchStream<Object> {
        var hasRefreshedToken = false
        while true {
            let httpRequest = try makeHTTPRequest(request, timeout: timeout)
            let response: HTTPClientStreamingResponse
            do throws(HTTPClientError) {
                response = try await http.stream(httpRequest)
            } catch {
                if error.code == .cancelled || Task.isCancelled {
                    throw cancelled(request, attempts: 1)
                }
                throw transportError(request, error: error, attempts: 1)
            }
            if response.isSuccess {
                return KubernetesWatchStream(
                    lines: response.body.lines(),
                    method: request.method.rawValue,
                    path: request.path
                )
            }

            let body: Data
            do throws(HTTPClientError) {
                body = try await response.body.collect(upTo: 1024 * 1024)
            } catch {
                body = Data()
            }
            if response.status == 401, tokens.canRefresh, !hasRefreshedToken {
                hasRefreshedToken = true
                tokens.invalidate()
                continue
            }
            throw statusError(request, status: response.status, headers: response.headers, body: body)
        }
    }
}
