import FacteurTestSupport
import Foundation
import Testing

/// The address of a running `HTTPPeerScript` subprocess on 127.0.0.1, the independent server
/// the client's integration tests talk to.
struct HTTPPeer: Sendable {
    /// `http://127.0.0.1:<port>`, or `https://…` when started with certificates.
    let baseURL: String

    /// The port the peer listens on.
    let port: Int

    /// The URL of `path` on this peer.
    func url(_ path: String) -> String {
        baseURL + path
    }

    /// Runs `body` with a fresh peer and stops the peer afterwards, whatever happens.
    static func with<T>(
        tls: TestCertificates? = nil,
        _ body: (HTTPPeer) async throws -> T
    ) async throws -> T {
        let process = try await PeerProcess.start(tls: tls)
        do {
            let result = try await body(process.peer)
            await process.stop()
            return result
        } catch {
            await process.stop()
            throw error
        }
    }
}

/// The peer's subprocess and its scratch directory, owned by one `HTTPPeer.with` call.
private final class PeerProcess {
    let peer: HTTPPeer
    private let process: Process
    private let stdinPipe: Pipe
    private let directory: URL

    private init(peer: HTTPPeer, process: Process, stdinPipe: Pipe, directory: URL) {
        self.peer = peer
        self.process = process
        self.stdinPipe = stdinPipe
        self.directory = directory
    }

    static func start(tls: TestCertificates?) async throws -> PeerProcess {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-http-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("http_peer.py")
        try HTTPPeerScript.source.write(to: script, atomically: true, encoding: .utf8)
        let portFile = directory.appendingPathComponent("port")

        var arguments = ["python3", script.path, "--port-file", portFile.path]
        if let tls {
            arguments += [
                "--cert", tls.serverCertificate,
                "--key", tls.serverKey,
                "--client-ca", tls.caCertificate,
            ]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        // The peer exits when this pipe closes, so it cannot outlive a crashed test run.
        let stdinPipe = Pipe()
        process.standardInput = stdinPipe
        try process.run()

        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(15)
        while clock.now < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                let scheme = tls == nil ? "http" : "https"
                return PeerProcess(
                    peer: HTTPPeer(baseURL: "\(scheme)://127.0.0.1:\(port)", port: port),
                    process: process,
                    stdinPipe: stdinPipe,
                    directory: directory
                )
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        try? FileManager.default.removeItem(at: directory)
        throw PeerError(message: "the HTTP peer did not report its port")
    }

    /// Terminates the peer and waits, at most a few seconds, for it to exit.
    func stop() async {
        process.terminate()
        try? stdinPipe.fileHandleForWriting.close()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while process.isRunning && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A failure of the test fixtures themselves, not of the code under test.
struct PeerError: Error, CustomStringConvertible {
    let message: String

    var description: String { message }
}
