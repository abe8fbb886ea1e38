import Foundation

/// A throw-away CA, a server certificate for `127.0.0.1` and `localhost`, and a client
/// certificate, made once per test process with the `openssl` command line, for the TLS
/// tests of the HTTP client and the Kubernetes client.
public struct TestCertificates: Sendable {
    public let directory: String

    public var caCertificate: String { directory + "/ca.crt" }
    public var serverCertificate: String { directory + "/server.crt" }
    public var serverKey: String { directory + "/server.key" }
    public var clientCertificate: String { directory + "/client.crt" }
    public var clientKey: String { directory + "/client.key" }

    /// The common name a server records for requests made with the client certificate.
    public static let clientCommonName = "facteur-client"

    /// Started on first use and shared, since every test can use the same set.
    private static let generation = Task { try await generate() }

    /// The shared set, generated on first use; the wait suspends rather than blocks.
    public static func shared() async throws -> TestCertificates {
        try await generation.value
    }

    /// The kube-apiserver stand-in's arguments for HTTPS, optionally requiring a client
    /// certificate signed by the CA.
    public func serverArguments(requireClientCertificate: Bool) -> [String] {
        var arguments = ["--tls-cert", serverCertificate, "--tls-key", serverKey]
        if requireClientCertificate {
            arguments += ["--client-ca", caCertificate]
        }
        return arguments
    }

    private static func generate() async throws -> TestCertificates {
        let directory = try TemporaryDirectory(prefix: "facteur-tls").path
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

        try await openssl(["req", "-x509"] + key + [
            "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=facteur-test-ca",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], in: directory)
        try await issue("server", commonName: "127.0.0.1", extensions: [
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "extendedKeyUsage=serverAuth",
        ], key: key, in: directory)
        try await issue("client", commonName: clientCommonName, extensions: [
            "extendedKeyUsage=clientAuth",
        ], key: key, in: directory)
        return TestCertificates(directory: directory)
    }

    private static func issue(
        _ name: String,
        commonName: String,
        extensions: [String],
        key: [String],
        in directory: String
    ) async throws {
        let allExtensions = extensions + [
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid,issuer",
        ]
        try allExtensions.joined(separator: "\n")
            .write(toFile: directory + "/\(name).ext", atomically: true, encoding: .utf8)
        try await openssl(["req"] + key + [
            "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(commonName)",
        ], in: directory)
        try await openssl([
            "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "\(name).crt", "-days", "2", "-extfile", "\(name).ext",
        ], in: directory)
    }

    /// Runs one `openssl` step, waiting at most 20 s.
    private static func openssl(_ arguments: [String], in directory: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            throw TestSupportFailure("openssl \(arguments.first ?? "") did not finish within 20 s")
        }
        guard process.terminationStatus == 0 else {
            let command = arguments.first ?? ""
            throw TestSupportFailure("openssl \(command) exited \(process.terminationStatus)")
        }
    }
}
