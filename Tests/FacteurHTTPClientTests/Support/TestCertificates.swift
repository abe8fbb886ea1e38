import Foundation

/// A throw-away CA with a server certificate for 127.0.0.1 and localhost and a client
/// certificate, made with the `openssl` command for each test and deleted after it.
struct TestCertificates: Sendable {
    let directory: URL

    var authority: URL { directory.appendingPathComponent("ca.pem") }
    var serverCertificate: URL { directory.appendingPathComponent("server.pem") }
    var serverKey: URL { directory.appendingPathComponent("server.key") }
    var clientCertificate: URL { directory.appendingPathComponent("client.pem") }
    var clientKey: URL { directory.appendingPathComponent("client.key") }

    /// Runs `body` with fresh certificates and removes them afterwards.
    static func with<T>(_ body: (TestCertificates) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-certificates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let certificates = TestCertificates(directory: directory)
        try await certificates.generate()
        return try await body(certificates)
    }

    private func generate() async throws {
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(["req", "-x509"] + curve + [
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=facteur-test-ca",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try writeExtensions(
            name: "server",
            extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
        )
        try await openssl(
            ["req"] + curve + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]
        )
        try await openssl([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "2",
            "-days", "2", "-out", "server.pem", "-extfile", "server.ext",
        ])
        try writeExtensions(name: "client", extensions: "extendedKeyUsage=clientAuth\n")
        try await openssl(
            ["req"] + curve + ["-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=facteur-client"]
        )
        try await openssl([
            "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "3",
            "-days", "2", "-out", "client.pem", "-extfile", "client.ext",
        ])
    }

    private func writeExtensions(name: String, extensions: String) throws {
        try extensions.write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
    }

    private func openssl(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(20)
        while process.isRunning && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        guard !process.isRunning, process.terminationStatus == 0 else {
            process.terminate()
            throw PeerError(message: "openssl \(arguments.first ?? "") failed")
        }
    }
}
