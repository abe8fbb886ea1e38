import FacteurTestSupport
import Foundation
import Testing

@testable import FacteurHTTPClient

@Suite("HTTPClient over TLS", .timeLimit(.minutes(1)))
struct HTTPClientTLSTests {
    @Test("A CA and client identity from files reach a server that requires them")
    func filesAuthenticate() async throws {
        let certificates = try await TestCertificates.shared()
        let client = try HTTPClient(configuration: HTTPClientConfiguration(tls: HTTPClientTLSConfiguration(
            trustRoots: .file(path: certificates.caCertificate),
            certificate: .file(path: certificates.clientCertificate),
            privateKey: .file(path: certificates.clientKey)
        )))
        try await HTTPPeer.with(tls: certificates) { peer in
            let response = try await client.execute(
                HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(10))
            )

            #expect(response.status == 200)
            #expect(peer.baseURL.hasPrefix("https://"))
        }
    }

    @Test("A CA and client identity from PEM bytes authenticate and reuse the connection")
    func bytesAuthenticate() async throws {
        let certificates = try await TestCertificates.shared()
        let client = try HTTPClient(configuration: HTTPClientConfiguration(tls: HTTPClientTLSConfiguration(
            trustRoots: .bytes(try Data(contentsOf: URL(fileURLWithPath: certificates.caCertificate))),
            certificate: .bytes(try Data(contentsOf: URL(fileURLWithPath: certificates.clientCertificate))),
            privateKey: .bytes(try Data(contentsOf: URL(fileURLWithPath: certificates.clientKey)))
        )))
        try await HTTPPeer.with(tls: certificates) { peer in
            let first = try await client.execute(HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(10)))
            let second = try await client.execute(HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(10)))

            #expect(first.status == 200)
            #expect(try PeerEcho(first.body).connection == PeerEcho(second.body).connection)
        }
    }

    @Test("The server's name is checked against localhost too")
    func hostNameVerified() async throws {
        let certificates = try await TestCertificates.shared()
        let client = try HTTPClient(configuration: HTTPClientConfiguration(tls: HTTPClientTLSConfiguration(
            trustRoots: .file(path: certificates.caCertificate),
            certificate: .file(path: certificates.clientCertificate),
            privateKey: .file(path: certificates.clientKey)
        )))
        try await HTTPPeer.with(tls: certificates) { peer in
            let response = try await client.execute(
                HTTPClientRequest(url: "https://localhost:\(peer.port)/echo", timeout: .seconds(10))
            )

            #expect(response.status == 200)
        }
    }

    @Test("Without the CA the server is not trusted")
    func untrustedServer() async throws {
        let certificates = try await TestCertificates.shared()
        let client = try HTTPClient(configuration: HTTPClientConfiguration(tls: HTTPClientTLSConfiguration(
            certificate: .file(path: certificates.clientCertificate),
            privateKey: .file(path: certificates.clientKey)
        )))
        try await HTTPPeer.with(tls: certificates) { peer in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.execute(HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(10)))
            }

            #expect(error?.code == .tlsFailed)
        }
    }

    @Test("insecureSkipVerify accepts a server it cannot verify")
    func insecureSkipVerify() async throws {
        let certificates = try await TestCertificates.shared()
        let client = try HTTPClient(configuration: HTTPClientConfiguration(tls: HTTPClientTLSConfiguration(
            certificate: .file(path: certificates.clientCertificate),
            privateKey: .file(path: certificates.clientKey),
            insecureSkipVerify: true
        )))
        try await HTTPPeer.with(tls: certificates) { peer in
            let response = try await client.execute(
                HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(10))
            )

            #expect(response.status == 200)
        }
    }

    @Test("A server that requires a client certificate refuses a client without one")
    func missingClientCertificate() async throws {
        let certificates = try await TestCertificates.shared()
        let client = try HTTPClient(configuration: HTTPClientConfiguration(tls: HTTPClientTLSConfiguration(
            trustRoots: .file(path: certificates.caCertificate)
        )))
        try await HTTPPeer.with(tls: certificates) { peer in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.execute(HTTPClientRequest(url: peer.url("/echo"), timeout: .seconds(10)))
            }

            #expect(error.map { [.tlsFailed, .connectionClosed].contains($0.code) } == true)
        }
    }

    @Test("TLS settings print without key material")
    func descriptionRedactsBytes() {
        let tls = HTTPClientTLSConfiguration(
            trustRoots: .file(path: "/etc/ca.pem"),
            privateKey: .bytes(Data("-----BEGIN PRIVATE KEY-----secret".utf8))
        )

        #expect(!tls.description.contains("secret"))
        #expect(tls.description.contains("/etc/ca.pem"))
    }
}
