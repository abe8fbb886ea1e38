import CMicroHTTPD

/// The arguments of one access-handler callback, valid only during that callback; it
/// copies out what a handler needs into an `HTTPRequest`.
struct Exchange {
    let connection: OpaquePointer
    let url: UnsafePointer<CChar>
    let method: UnsafePointer<CChar>

    func makeRequest(method: HTTPMethod, path: String, target: String, body: [UInt8]) -> HTTPRequest {
        var headers = HTTPHeaders()
        withUnsafeMutablePointer(to: &headers) { pointer in
            _ = MHD_get_connection_values(connection, MHD_ValueKind.HEADER_KIND, { cls, _, key, value in
                guard let cls, let key else { return MHD_Result.YES }
                let headers = cls.assumingMemoryBound(to: HTTPHeaders.self)
                headers.pointee.add(name: String(cString: key), value: value.map { String(cString: $0) } ?? "")
                return MHD_Result.YES
            }, pointer)
        }

        let peer = facteur_mhd_client_address(connection).flatMap { SocketAddressText.describe($0) }
        return HTTPRequest(
            method: method,
            path: path,
            query: Self.query(of: target),
            headers: headers,
            body: body,
            remoteAddress: peer?.host,
            remotePort: peer?.port
        )
    }

    /// The part of the request target between `?` and any `#`.
    static func query(of target: String) -> String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        let rest = target[target.index(after: mark)...]
        if let hash = rest.firstIndex(of: "#") {
            return String(rest[..<hash])
        }
        return String(rest)
    }
}
