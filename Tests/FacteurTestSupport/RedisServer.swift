import FacteurRedis
import Foundation
import Synchronization

/// A private `redis-server` on 127.0.0.1 and a free port, without persistence, in its own
/// temporary directory; it can be stopped, frozen and restarted on the same port, which a
/// shared server cannot offer. Every wait here is bounded.
public final class RedisServer: Sendable {
    public static let executable = "/usr/bin/redis-server"
    public static let cli = "/usr/bin/redis-cli"

    public let port: Int
    public let directory: URL
    private let extraArguments: [String]
    private let process = Mutex<Process?>(nil)
    private let starts = Atomic<Int>(0)

    private init(port: Int, directory: URL, extraArguments: [String]) {
        self.port = port
        self.directory = directory
        self.extraArguments = extraArguments
    }

    deinit {
        // Tests stop their servers; this only catches one a failing test left running.
        process.withLock { process in
            if let running = process, running.isRunning {
                kill(running.processIdentifier, SIGKILL)
                running.waitUntilExit()
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// `redis://127.0.0.1:<port>`, as facteur's `redis.url` takes it.
    public var url: String {
        "redis://127.0.0.1:\(port)"
    }

    /// Starts a server, trying a few ports in case another test took the free one first.
    public static func start(arguments: [String] = []) async throws -> RedisServer {
        var lastError: any Error = TestSupportFailure("no attempt made")
        for _ in 0..<5 {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("facteur-redis-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let server = RedisServer(port: try LoopbackPort.free(), directory: directory, extraArguments: arguments)
            do {
                try await server.start()
                return server
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// The store configuration that reaches this server, with short timeouts for tests.
    public func configuration(
        password: String? = nil,
        username: String? = nil,
        database: Int = 0,
        poolSize: Int = 8
    ) -> RedisConfiguration {
        RedisConfiguration(
            host: "127.0.0.1",
            port: port,
            username: username,
            password: password,
            database: database,
            poolSize: poolSize,
            connectTimeout: .milliseconds(500),
            commandTimeout: .milliseconds(500),
            reconnectBackoff: RedisReconnectBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        )
    }

    /// Launches the server on this port and waits until it logs that it accepts connections;
    /// waits suspend rather than block, since tests share two cooperative threads.
    public func start() async throws {
        let attempt = starts.add(1, ordering: .relaxed).newValue
        let logFile = directory.appendingPathComponent("redis-\(attempt).log")
        let launched = Process()
        launched.executableURL = URL(fileURLWithPath: Self.executable)
        launched.arguments = [
            "--port", String(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", directory.path,
            "--logfile", logFile.path,
        ] + extraArguments
        launched.standardOutput = FileHandle.nullDevice
        launched.standardError = FileHandle.nullDevice
        try launched.run()
        process.withLock { $0 = launched }

        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if log.contains("Ready to accept connections") {
                return
            }
            guard launched.isRunning else {
                process.withLock { $0 = nil }
                throw TestSupportFailure("redis-server exited on port \(port): \(log)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        await stop()
        throw TestSupportFailure("redis-server did not get ready on port \(port) within 5 s")
    }

    /// Stops the server with SIGKILL, which the kernel delivers even though the child inherits
    /// the test runner's blocked-signal mask (SIGTERM stays blocked there); its sockets close
    /// as in any crash, which is what the outage tests want.
    public func stop() async {
        let stopping = process.withLock { process -> Process? in
            defer { process = nil }
            return process
        }
        guard let stopping, stopping.isRunning else {
            return
        }
        kill(stopping.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while stopping.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Stops the server and starts a fresh one on the same port; nothing is persisted, so
    /// every key is lost, as after a crash of a cache without persistence.
    public func restart() async throws {
        await stop()
        try await start()
    }

    /// Freezes (SIGSTOP) or thaws (SIGCONT) the server, to make it accept but never answer.
    public func setFrozen(_ isFrozen: Bool) {
        process.withLock { process in
            if let running = process {
                kill(running.processIdentifier, isFrozen ? SIGSTOP : SIGCONT)
            }
        }
    }

    /// Runs `redis-cli` against this server and returns its trimmed output; the wait for it
    /// to exit suspends instead of blocking a cooperative thread.
    public func cli(_ arguments: [String], password: String? = nil) async throws -> String {
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: Self.cli)
        var environment = ProcessInfo.processInfo.environment
        if let password {
            environment["REDISCLI_AUTH"] = password
        }
        cli.environment = environment
        cli.arguments = ["-h", "127.0.0.1", "-p", String(port)] + arguments
        let output = Pipe()
        cli.standardOutput = output
        cli.standardError = FileHandle.nullDevice
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            cli.terminationHandler = { _ in continuation.resume() }
            do {
                try cli.run()
            } catch {
                cli.terminationHandler = nil
                continuation.resume()
            }
        }
        // The replies used in tests are far smaller than a pipe's buffer, so all is there.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs `body` with a fresh private server and stops the server afterwards, also on failure.
public func withRedisServer<T>(
    arguments: [String] = [],
    _ body: (RedisServer) async throws -> T
) async throws -> T {
    let server = try await RedisServer.start(arguments: arguments)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Runs `body` with a store on a fresh private server, shutting the store down afterwards.
public func withRedisStore<T>(
    arguments: [String] = [],
    _ body: (RedisKeyValueStore, RedisServer) async throws -> T
) async throws -> T {
    try await withRedisServer(arguments: arguments) { server in
        let store = try RedisKeyValueStore(configuration: server.configuration())
        do {
            let result = try await body(store, server)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }
}
