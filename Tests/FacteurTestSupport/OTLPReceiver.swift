import Foundation

/// Runs the Python OTLP receiver on a loopback port for one test and reads back what it
/// decoded; stopped by `stop()`, which every test calls in a `defer`.
final class OTLPReceiver: @unchecked Sendable {
    // @unchecked: every property is set in init and only read afterwards; Process is not
    // Sendable but is only terminated, once, from stop().
    let port: Int
    let directory: URL
    private let process: Process
    /// Held open for the receiver's life; the script exits when it reads end-of-file.
    private let lifeline: Pipe

    /// The base URL for `OTEL_EXPORTER_OTLP_ENDPOINT`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-otlp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("receiver.py")
        try OTLPReceiverScript.source.write(to: script, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.path]
        let output = Pipe()
        lifeline = Pipe()
        process.standardInput = lifeline
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()

        // The first line is the port; reading blocks until the server is listening.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw ReceiverError(message: "the OTLP receiver did not start")
        }
        self.port = port
    }

    func stop() {
        try? lifeline.fileHandleForWriting.close()
        if process.isRunning {
            // SIGKILL, since a child may inherit a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Makes the next `count` requests answer `status`, with `Retry-After` when given, and
    /// every request wait `delay` seconds first.
    func control(fail count: Int = 0, status: Int = 503, retryAfter: Int? = nil, delay: Double = 0) throws {
        var settings: [String: Any] = ["fail": count, "status": status, "delay": delay]
        settings["retry_after"] = retryAfter ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: settings)
        let temporary = directory.appendingPathComponent("control.tmp")
        try data.write(to: temporary)
        // rename(2) is atomic, so the receiver never reads a half-written file.
        guard rename(temporary.path, directory.appendingPathComponent("control.json").path) == 0 else {
            throw ReceiverError(message: "could not place control.json (errno \(errno))")
        }
    }

    /// Every export decoded so far: `signal`, `contentType`, `headers`, `body`.
    func records() throws -> [[String: Any]] {
        let file = directory.appendingPathComponent("records.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Requests received, refused ones included.
    func attempts() -> Int {
        let file = directory.appendingPathComponent("attempts")
        return (try? String(contentsOf: file, encoding: .utf8)).flatMap { Int($0) } ?? 0
    }

    /// Polls until `condition` holds on the records, for at most `timeout`.
    func waitForRecords(
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

    struct ReceiverError: Error {
        let message: String
    }
}

/// Digging into the decoded JSON dictionaries the receiver records.
extension [String: Any] {
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func array(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    func string(_ key: String) -> String? { self[key] as? String }

    /// `KeyValue` list attributes as a flat dictionary of their `AnyValue` objects.
    var attributeValues: [String: [String: Any]] {
        var values: [String: [String: Any]] = [:]
        for entry in array("attributes") {
            if let key = entry["key"] as? String {
                values[key] = entry["value"] as? [String: Any] ?? [:]
            }
        }
        return values
    }
}
