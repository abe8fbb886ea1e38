import Foundation

/// A CA, a server certificate for `IP:127.0.0.1` and a client certificate, made once per test
/// process with the `openssl` command line in a temporary directory.
struct TestCertificates: Sendable {
    let directory: String
    var caCertificate: String { directory + "/ca.crt" }
    var serverCertificate: String { directory + "/server.crt" }
    var serverKey: String { directory + "/server.key" }
    var clientCertificate: String { directory + "/client.crt" }
    var clientKey: String { directory + "/client.key" }

    /// The common name the stand-in records for requests made with the client certificate.
    static let clientCommonName = "facteur-client"

    private static let generated: Result<TestCertificates, any Error> = Result { try generate() }

    /// The shared set, generated on first use.
    static func shared() throws -> TestCertificates {
        try generated.get()
    }

    /// The stand-in's arguments for HTTPS, optionally requiring a client certificate.
    func serverArguments(requireClientCertificate: Bool) -> [String] {
        var arguments = ["--tls-cert", serverCertificate, "--tls-key", serverKey]
        if requireClientCertificate {
            arguments += ["--client-ca", caCertificate]
        }
        return arguments
    }

    private static func generate() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-kube-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

        try openssl(["req", "-x509"] + key + [
            "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=facteur-test-ca",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], in: directory)
        try issue("server", commonName: "127.0.0.1", extensions: [
            "subjectAltName=IP:127.0.0.1",
            "extendedKeyUsage=serverAuth",
        ], key: key, in: directory)
        try issue("client", commonName: clientCommonName, extensions: [
            "extendedKeyUsage=clientAuth",
        ], key: key, in: directory)
        return certificates
    }

    private static func issue(
        _ name: String,
        commonName: String,
        extensions: [String],
        key: [String],
        in directory: String
    ) throws {
        let allExtensions = extensions + [
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid,issuer",
        ]
        try allExtensions.joined(separator: "\n")
            .write(toFile: directory + "/\(name).ext", atomically: true, encoding: .utf8)
        try openssl(["req"] + key + [
            "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(commonName)",
        ], in: directory)
        try openssl([
            "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "\(name).crt", "-days", "2", "-extfile", "\(name).ext",
        ], in: directory)
    }

    private static func openssl(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let command = arguments.first ?? ""
            throw KubeAPIServer.Failure(description: "openssl \(command) exited \(process.terminationStatus)")
        }
    }
}
