#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The listening socket. facteur opens it itself, rather than letting libmicrohttpd do it,
/// so that port 0 reports the port the kernel chose and IPv6 literals bind as written; it
/// is handed to the daemon with MHD_OPTION.LISTEN_SOCKET and closed here, in `deinit`.
final class ListenSocket: Sendable {
    let descriptor: Int32

    /// The port actually bound.
    let port: Int

    /// The bound IP address as text.
    let host: String

    private init(descriptor: Int32, port: Int, host: String) {
        self.descriptor = descriptor
        self.port = port
        self.host = host
    }

    deinit {
        close(descriptor)
    }

    /// Opens, binds and listens; every failure names the address and the system call.
    static func open(
        host: String?,
        port: Int,
        backlog: Int,
        displayAddress: String
    ) throws(HTTPServerError) -> ListenSocket {
        guard (0...65535).contains(port) else {
            throw HTTPServerError(.invalidAddress, address: displayAddress, message: "port out of range")
        }
        var address = try resolve(host: host, displayAddress: displayAddress)
        setPort(UInt16(port), in: &address)

        var descriptor = makeSocket(family: Int32(address.ss_family))
        if descriptor < 0, host == nil, errno == EAFNOSUPPORT {
            // No IPv6 on this host: fall back to IPv4's any-address.
            address = anyAddress(family: AF_INET)
            setPort(UInt16(port), in: &address)
            descriptor = makeSocket(family: AF_INET)
        }
        guard descriptor >= 0 else {
            throw HTTPServerError(
                .listenFailed,
                address: displayAddress,
                message: "cannot create socket",
                systemCall: "socket",
                errno: errno
            )
        }

        do throws(HTTPServerError) {
            try configure(descriptor, family: Int32(address.ss_family), displayAddress: displayAddress)
            try bindAndListen(descriptor, address: address, backlog: backlog, displayAddress: displayAddress)
            let bound = try boundAddress(of: descriptor, displayAddress: displayAddress)
            return ListenSocket(descriptor: descriptor, port: bound.port, host: bound.host)
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Makes new connections fail with ECONNREFUSED at once. shutdown(2) on a listening
    /// socket takes it out of the LISTEN state on Linux while keeping the descriptor
    /// allocated, so a libmicrohttpd thread can never see its number reused before
    /// MHD_stop_daemon (microhttpd.h, MHD_quiesce_daemon).
    func refuseConnections() {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private static func makeSocket(family: Int32) -> Int32 {
        #if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        return socket(family, type, 0)
    }

    private static func configure(_ descriptor: Int32, family: Int32, displayAddress: String) throws(HTTPServerError) {
        var one: Int32 = 1
        var zero: Int32 = 0
        let size = socklen_t(MemoryLayout<Int32>.size)
        if setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, size) != 0 {
            throw HTTPServerError(
                .listenFailed,
                address: displayAddress,
                message: "cannot set SO_REUSEADDR",
                systemCall: "setsockopt",
                errno: errno
            )
        }
        // Dual stack for the IPv6 any-address; harmless for a specific IPv6 address.
        if family == AF_INET6 {
            _ = setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, size)
        }
    }

    private static func bindAndListen(
        _ descriptor: Int32,
        address: sockaddr_storage,
        backlog: Int,
        displayAddress: String
    ) throws(HTTPServerError) {
        var address = address
        let length = socklen_t(address.ss_family == sa_family_t(AF_INET6)
            ? MemoryLayout<sockaddr_in6>.size
            : MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            throw HTTPServerError(
                .listenFailed,
                address: displayAddress,
                message: "cannot bind",
                systemCall: "bind",
                errno: errno
            )
        }
        guard listen(descriptor, Int32(clamping: backlog)) == 0 else {
            throw HTTPServerError(
                .listenFailed,
                address: displayAddress,
                message: "cannot listen",
                systemCall: "listen",
                errno: errno
            )
        }
    }

    private static func boundAddress(
        of descriptor: Int32,
        displayAddress: String
    ) throws(HTTPServerError) -> (host: String, port: Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else {
            throw HTTPServerError(
                .listenFailed,
                address: displayAddress,
                message: "cannot read the bound address",
                systemCall: "getsockname",
                errno: errno
            )
        }
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                SocketAddressText.describe($0) ?? (host: "", port: 0)
            }
        }
    }

    /// Accepts IP literals (IPv6 with or without brackets) and names, via getaddrinfo(3).
    private static func resolve(host: String?, displayAddress: String) throws(HTTPServerError) -> sockaddr_storage {
        guard var name = host, !name.isEmpty else { return anyAddress(family: AF_INET6) }
        if name.hasPrefix("["), name.hasSuffix("]") {
            name = String(name.dropFirst().dropLast())
        }

        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &results)
        defer { if let results { freeaddrinfo(results) } }
        guard status == 0, let first = results, let found = first.pointee.ai_addr else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw HTTPServerError(
                .invalidAddress,
                address: displayAddress,
                message: "cannot resolve host: \(reason)"
            )
        }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            let count = min(Int(first.pointee.ai_addrlen), target.count)
            target.copyMemory(from: UnsafeRawBufferPointer(start: found, count: count))
        }
        return storage
    }

    private static func anyAddress(family: Int32) -> sockaddr_storage {
        var storage = sockaddr_storage()
        storage.ss_family = sa_family_t(family)
        return storage
    }

    private static func setPort(_ port: UInt16, in storage: inout sockaddr_storage) {
        withUnsafeMutablePointer(to: &storage) { pointer in
            if pointer.pointee.ss_family == sa_family_t(AF_INET6) {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port = port.bigEndian }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port = port.bigEndian }
            }
        }
    }
}
