import Foundation

/// A minimal HTTP/1.1 client over a POSIX socket, so tests see exactly what went over the
/// wire (status line, `Connection` header) and can tell a refused connection apart.
enum RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct ConnectionRefused: Error {}

    static func get(port: Int, path: String, timeout: TimeInterval = 5) throws -> Response {
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port, timeout: timeout)
    }

    /// A `POST` with a body of raw bytes (binary protobuf included), `Connection: close`, and
    /// any extra `headers` (`traceparent`, for one).
    static func post(
        port: Int,
        path: String,
        body: [UInt8],
        contentType: String?,
        headers: [String: String] = [:],
        timeout: TimeInterval = 15
    ) throws -> Response {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let contentType {
            head += "Content-Type: \(contentType)\r\n"
        }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return try send(bytes: Array(head.utf8) + body, port: port, timeout: timeout)
    }

    /// Runs a blocking exchange on a Dispatch thread, so that many can be in flight at once
    /// without holding the test runner's few cooperative threads.
    static func detached(_ exchange: @escaping @Sendable () throws -> Response) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange() })
            }
        }
    }

    static func send(_ request: String, port: Int, timeout: TimeInterval = 5) throws -> Response {
        try send(bytes: Array(request.utf8), port: port, timeout: timeout)
    }

    static func send(bytes: [UInt8], port: Int, timeout: TimeInterval) throws -> Response {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: errno \(errno)") }
        defer { close(descriptor) }

        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            if errno == ECONNREFUSED { throw ConnectionRefused() }
            throw TestFailure("connect: errno \(errno)")
        }

        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw TestFailure("short write") }

        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return try parse(String(decoding: received, as: UTF8.self))
    }

    static func parse(_ text: String) throws -> Response {
        guard let split = text.range(of: "\r\n\r\n") else { throw TestFailure("no response head in \(text)") }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        guard let statusLine = head.first, statusLine.split(separator: " ").count >= 2,
              let status = Int(statusLine.split(separator: " ")[1])
        else { throw TestFailure("bad status line in \(text)") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
