#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A failed socket call in a test client, with its errno.
struct RawConnectionError: Error, CustomStringConvertible {
    let call: String
    let code: Int32

    var description: String { "\(call): \(String(cString: strerror(code))) (errno \(code))" }
}

/// One response as it came over the wire.
struct RawResponse: Sendable {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking HTTP/1.1 client on one TCP socket, so tests can assert framing, keep-alive
/// and connection closes that URLSession hides. Every read and write is bounded by a
/// socket timeout.
///
/// `@unchecked Sendable`: a test drives one connection from one task at a time, and the
/// blocking calls run on a thread of their own through `offload`, never concurrently.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32
    private var pending: [UInt8] = []

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Connects to `host` (IPv4 or IPv6 literal) on `port`.
    static func connect(host: String = "127.0.0.1", port: Int, timeoutSeconds: Int = 5) throws -> RawConnection {
        let isIPv6 = host.contains(":")
        let family = isIPv6 ? AF_INET6 : AF_INET
        #if canImport(Glibc)
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw RawConnectionError(call: "socket", code: errno) }
        let connection = RawConnection(descriptor: descriptor)

        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)

        let status: Int32
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            _ = inet_pton(AF_INET6, host, &address.sin6_addr)
            status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            _ = inet_pton(AF_INET, host, &address.sin_addr)
            status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard status == 0 else { throw RawConnectionError(call: "connect", code: errno) }
        return connection
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw RawConnectionError(call: "send", code: errno)
            }
            offset += written
        }
    }

    /// Reads one response framed by Content-Length (libmicrohttpd's buffer responses);
    /// `isHead` skips the body.
    func readResponse(isHead: Bool = false) throws -> RawResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = pending.firstRange(of: separator)?.lowerBound
            if headerEnd == nil {
                guard try fill() else { throw RawConnectionError(call: "recv (peer closed)", code: ECONNRESET) }
            }
        }
        let head = String(decoding: pending[..<headerEnd!], as: UTF8.self)
        pending.removeFirst(headerEnd! + separator.count)

        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            return (name: String(line[..<colon]), value: String(value))
        }
        let length = isHead ? 0 : headers.first { $0.name.lowercased() == "content-length" }
            .flatMap { Int($0.value) } ?? 0
        while pending.count < length {
            guard try fill() else { throw RawConnectionError(call: "recv (short body)", code: ECONNRESET) }
        }
        let body = Array(pending[..<length])
        pending.removeFirst(length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection: the next read sees end of file (or a
    /// reset) before the socket timeout.
    func isClosedByPeer() -> Bool {
        guard pending.isEmpty else { return false }
        do {
            return try !fill()
        } catch let error as RawConnectionError {
            return error.code == ECONNRESET
        } catch {
            return false
        }
    }

    /// Reads more bytes; false at end of file.
    private func fill() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                pending.append(contentsOf: buffer[..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            throw RawConnectionError(call: "recv", code: errno)
        }
    }
}

/// Runs blocking client work on a thread of its own. Not on Dispatch: on Linux the Swift
/// concurrency pool is built on Dispatch's global threads, so a client blocked there in
/// recv(2) would starve the very handlers it waits for.
func offload<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}

/// Sends one request on a new connection and reads the answer.
func exchange(port: Int, _ request: String) async throws -> RawResponse {
    try await offload {
        let connection = try RawConnection.connect(port: port)
        try connection.send(request)
        return try connection.readResponse()
    }
}
