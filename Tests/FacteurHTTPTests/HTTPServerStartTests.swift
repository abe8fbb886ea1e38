#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FacteurHTTP

@Suite("HTTP server start")
struct HTTPServerStartTests {
    @Test("A port in use is a listen error naming the address and errno")
    func portInUse() async throws {
        let first = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0, threadPoolSize: 1), router: Router())
        let port = try await first.start()

        let second = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: port, threadPoolSize: 1),
            router: Router()
        )
        let error = await #expect(throws: HTTPServerError.self) { try await second.start() }
        #expect(error?.code == .listenFailed)
        #expect(error?.errno == EADDRINUSE)
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("bind") == true)
        await first.shutdown(timeout: .seconds(1))
    }

    @Test("A host that is neither an IP literal nor a resolvable name is an address error")
    func invalidHost() async {
        let server = HTTPServer(configuration: .init(host: "not a host!", port: 0), router: Router())
        let error = await #expect(throws: HTTPServerError.self) { try await server.start() }
        #expect(error?.code == .invalidAddress)
    }

    @Test("A server starts only once")
    func startsOnce() async throws {
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0, threadPoolSize: 1), router: Router())
        try await server.start()
        let error = await #expect(throws: HTTPServerError.self) { try await server.start() }
        #expect(error?.code == .invalidState)
        await server.shutdown(timeout: .seconds(1))
    }

    @Test("An IPv6 literal host is served", .enabled(if: HTTPServerStartTests.hasIPv6Loopback))
    func ipv6Loopback() async throws {
        var router = Router()
        router.get("/healthz") { request in .json(bytes: Array("\"\(request.remoteAddress ?? "")\"".utf8)) }
        let server = HTTPServer(configuration: .init(host: "[::1]", port: 0, threadPoolSize: 1), router: router)
        let port = try await server.start()
        let response = try await offload {
            let connection = try RawConnection.connect(host: "::1", port: port)
            try connection.send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
            return try connection.readResponse()
        }
        #expect(response.status == 200)
        #expect(response.bodyText == "\"::1\"")
        await server.shutdown(timeout: .seconds(1))
    }

    @Test("With no host the server listens on every interface")
    func allInterfaces() async throws {
        var router = Router()
        router.get("/healthz") { _ in HTTPResponse(status: .noContent) }
        let server = HTTPServer(configuration: .init(host: nil, port: 0, threadPoolSize: 1), router: router)
        let port = try await server.start()
        let response = try await exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(response.status == 204)
        await server.shutdown(timeout: .seconds(1))
    }

    static var hasIPv6Loopback: Bool {
        let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
            }
        }
    }
}
