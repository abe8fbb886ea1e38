import Foundation
import Synchronization

/// The OTLP/HTTP receiver script (`OTLPReceiverScript`) run on a free loopback port, reading
/// back every export it decoded; tests stop it with `stop()`, also when they fail.
public final class OTLPReceiver: Sendable {
    public let port: Int
    /// Where the script keeps `records.jsonl`, `attempts` and picks up `control.json`.
    public let directory: URL
    private let process: Mutex<Process>
    /// Held open for the receiver's life; the script exits when it reads end-of-file, so it
    /// never outlives a test runner that crashed before calling `stop()`.
    private let lifeline: Pipe

    /// The base URL for `OTEL_EXPORTER_OTLP_ENDPOINT`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts the script and waits, at most `timeout`, for the port it prints once listening.
    public init(timeout: Duration = .seconds(20)) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-otlp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("receiver.py")
        try OTLPReceiverScript.source.write(to: script, atomically: true, encoding: .utf8)

        let launched = Process()
        launched.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        launched.arguments = ["python3", script.path, directory.path]
        let output = Pipe()
        lifeline = Pipe()
        launched.standardInput = lifeline
        launched.standardOutput = output
        launched.standardError = FileHandle.standardError
        try launched.run()

        let line = Self.readLine(from: output.fileHandleForReading.fileDescriptor, within: timeout)
        guard let line, let port = Int(line) else {
            kill(launched.processIdentifier, SIGKILL)
            launched.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
            throw TestSupportFailure("the OTLP receiver did not print its port within \(timeout)")
        }
        self.port = port
        process = Mutex(launched)
    }

    /// Kills the script and removes its directory. SIGKILL, since a child of the test runner
    /// inherits a mask in which SIGTERM stays blocked.
    public func stop() {
        try? lifeline.fileHandleForWriting.close()
        process.withLock { process in
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Makes the next `count` requests answer `status`, with `Retry-After` when given, and
    /// every request wait `delay` seconds first.
    public func control(fail count: Int = 0, status: Int = 503, retryAfter: Int? = nil, delay: Double = 0) throws {
        var settings: [String: Any] = ["fail": count, "status": status, "delay": delay]
        settings["retry_after"] = retryAfter ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: settings)
        let temporary = directory.appendingPathComponent("control.tmp")
        try data.write(to: temporary)
        // rename(2) is atomic, so the receiver never reads a half-written file.
        guard rename(temporary.path, directory.appendingPathComponent("control.json").path) == 0 else {
            throw TestSupportFailure("could not place control.json (errno \(errno))")
        }
    }

    /// Every export decoded so far, oldest first: `signal`, `contentType`, `headers`, `body`.
    public func records() throws -> [[String: Any]] {
        let file = directory.appendingPathComponent("records.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Requests received, refused ones included.
    public func attempts() -> Int {
        let file = directory.appendingPathComponent("attempts")
        return (try? String(contentsOf: file, encoding: .utf8)).flatMap { Int($0) } ?? 0
    }

    /// Polls until `condition` holds on the records, for at most `timeout`, and returns the
    /// last records read either way; the caller's expectations then say what was missing.
    public func waitForRecords(
        timeout: Duration = .seconds(10),
        until condition: ([[String: Any]]) -> Bool
    ) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let records = try records()
            if condition(records) || ContinuousClock.now >= deadline {
                return records
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Reads one line from `descriptor`, or returns nil at end-of-file or after `limit`.
    private static func readLine(from descriptor: Int32, within limit: Duration) -> String? {
        let deadline = ContinuousClock.now + limit
        var line = [UInt8]()
        var byte: UInt8 = 0
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) >= 0 else { return nil }
            guard poller.revents != 0 else { continue }
            guard read(descriptor, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") {
                return String(decoding: line, as: UTF8.self)
            }
            line.append(byte)
        }
        return nil
    }
}
