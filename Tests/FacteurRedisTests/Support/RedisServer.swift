import FacteurRedis
import Foundation
import Synchronization

/// A private `redis-server` on 127.0.0.1 and a free port, without persistence, in its own
/// temporary directory; it can be stopped, frozen and restarted on the same port, which a
/// shared server cannot offer. Every wait here is bounded.
final class RedisServer: Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let executable = "/usr/bin/redis-server"
    static let cli = "/usr/bin/redis-cli"

    let port: Int
    let directory: URL
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

    /// Starts a server, trying a few ports in case another test took the free one first.
    static func start(arguments: [String] = []) async throws -> RedisServer {
        var lastError: any Error = StartFailure(description: "no attempt made")
        for _ in 0..<5 {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("facteur-redis-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let server = RedisServer(port: try freePort(), directory: directory, extraArguments: arguments)
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
    func configuration(
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
    func start() async throws {
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
                throw StartFailure(description: "redis-server exited on port \(port): \(log)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        await stop()
        throw StartFailure(description: "redis-server did not get ready on port \(port) within 5 s")
    }

    /// Stops the server with SIGKILL, which the kernel delivers even though the child inherits
    /// the test runner's blocked-signal mask (SIGTERM stays blocked there); its sockets close
    /// as in any crash, which is what the outage tests want.
    func stop() async {
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

    /// Freezes (SIGSTOP) or thaws (SIGCONT) the server, to make it accept but never answer.
    func setFrozen(_ isFrozen: Bool) {
        process.withLock { process in
            if let running = process {
                kill(running.processIdentifier, isFrozen ? SIGSTOP : SIGCONT)
            }
        }
    }

    /// Runs `redis-cli` against this server and returns its trimmed output; the wait for it
    /// to exit suspends instead of blocking a cooperative thread.
    func cli(_ arguments: [String], password: String? = nil) async throws -> String {
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

    /// A port the kernel just handed out for 127.0.0.1, released for redis-server to take.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw StartFailure(description: "socket() failed: errno \(errno)")
        }
        defer { close(descriptor) }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            throw StartFailure(description: "bind() failed: errno \(errno)")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Runs `body` with a fresh private server and stops the server afterwards, also on failure.
func withRedisServer<T>(
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
func withRedisStore<T>(
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

/// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
func eventually(within limit: Duration, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if await condition() {
            return true
        }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
