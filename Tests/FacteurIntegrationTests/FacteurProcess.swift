import Foundation
import Testing

/// Runs the built `facteur` binary as a child process, the way an operator would.
struct FacteurProcess {
    /// The binary SwiftPM built beside this test bundle; `FACTEUR_BINARY` overrides it.
    static var binaryURL: URL {
        if let path = ProcessInfo.processInfo.environment["FACTEUR_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("facteur")
            if FileManager.default.isExecutableFile(atPath: url.path) {
                return url
            }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/facteur")
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A clean environment: nothing of the caller's `FACTEUR_*` leaks into a test.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FACTEUR_") }
        environment["FACTEUR_LOG_LEVEL"] = "debug"
        environment.merge(extra) { _, new in new }
        return environment
    }

    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs to completion (at most `timeout`) and returns the exit status and output.
    static func run(
        _ arguments: [String],
        environment: [String: String] = environment(),
        timeout: Duration = .seconds(30)
    ) async throws -> Outcome {
        let running = try start(arguments, environment: environment)
        let status = try await running.waitForExit(timeout: timeout)
        return Outcome(status: status, standardOutput: running.standardOutput, standardError: running.standardError)
    }

    static func start(_ arguments: [String], environment: [String: String] = environment()) throws -> Running {
        let process = Process()
        process.executableURL = binaryURL
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = repositoryRoot

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, directory: directory, outURL: outURL, errURL: errURL)
    }

    /// A started process whose output goes to files, so a chatty child never blocks on a pipe.
    final class Running: @unchecked Sendable {
        let process: Process
        let directory: URL
        let outURL: URL
        let errURL: URL

        init(process: Process, directory: URL, outURL: URL, errURL: URL) {
            self.process = process
            self.directory = directory
            self.outURL = outURL
            self.errURL = errURL
        }

        deinit {
            if process.isRunning {
                process.terminate()
                kill(process.processIdentifier, SIGKILL)
            }
            try? FileManager.default.removeItem(at: directory)
        }

        var standardOutput: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
        var standardError: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

        func signal(_ number: Int32) {
            kill(process.processIdentifier, number)
        }

        func waitForExit(timeout: Duration) async throws -> Int32 {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                guard ContinuousClock.now < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    throw TestFailure("facteur \(process.arguments ?? []) did not exit within \(timeout)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            return process.terminationStatus
        }

        /// Sends SIGTERM and waits at most `timeout` for the exit, after which it is killed.
        @discardableResult
        func stop(timeout: Duration = .seconds(15)) async throws -> Int32 {
            guard process.isRunning else { return process.terminationStatus }
            signal(SIGTERM)
            return try await waitForExit(timeout: timeout)
        }

        /// Waits until the log says the listener is up and returns its port.
        func waitForListening(timeout: Duration = .seconds(20)) async throws -> Int {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                for line in standardOutput.split(separator: "\n") where line.contains("msg=\"facteur listening\"") {
                    if let range = line.range(of: "server.port=") {
                        let digits = line[range.upperBound...].prefix { $0.isNumber }
                        if let port = Int(digits) { return port }
                    }
                }
                guard process.isRunning else {
                    throw TestFailure("facteur exited early: \(standardOutput) \(standardError)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestFailure("facteur did not start listening: \(standardOutput) \(standardError)")
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
