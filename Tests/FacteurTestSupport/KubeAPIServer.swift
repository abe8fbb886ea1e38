import FacteurHTTPClient
import Foundation
import Synchronization

/// The kube-apiserver stand-in (`Tests/Support/kube_apiserver.py`) run as a subprocess on a
/// free loopback port, with helpers for its `/_test/` control API (see
/// `Tests/Support/README.md`).
public final class KubeAPIServer: Sendable {
    public let port: Int
    /// `http://127.0.0.1:<port>`, or `https://…` when started with `--tls-cert`.
    public let baseURL: String
    private let process: Mutex<Process>
    private let control: HTTPClient

    /// The stand-in's script, found from this file's location.
    public static let scriptPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Support/kube_apiserver.py")
        .path

    private init(port: Int, scheme: String, process: sending Process, control: HTTPClient) {
        self.port = port
        self.baseURL = "\(scheme)://127.0.0.1:\(port)"
        self.process = Mutex(process)
        self.control = control
    }

    /// Starts the stand-in and waits (at most 20 s) for its `LISTENING <port>` line.
    /// - Parameter controlTLS: how the control client reaches an HTTPS stand-in.
    public static func start(
        arguments: [String] = [],
        controlTLS: HTTPClientTLSConfiguration? = nil
    ) async throws -> KubeAPIServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, "--bind", "127.0.0.1", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let received = Mutex(Data())
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            received.withLock { $0.append(chunk) }
        }
        try process.run()

        let deadline = ContinuousClock.now + .seconds(20)
        var port: Int?
        while port == nil, ContinuousClock.now < deadline, process.isRunning {
            let text = received.withLock { String(decoding: $0, as: UTF8.self) }
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("LISTENING ") }) {
                port = Int(line.dropFirst("LISTENING ".count))
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        output.fileHandleForReading.readabilityHandler = nil
        guard let port else {
            if process.isRunning { process.terminate() }
            throw TestSupportFailure("the kube-apiserver stand-in did not print LISTENING within 20 s")
        }

        let control = try HTTPClient(configuration: HTTPClientConfiguration(tls: controlTLS ?? .init()))
        let scheme = arguments.contains("--tls-cert") ? "https" : "http"
        return KubeAPIServer(port: port, scheme: scheme, process: process, control: control)
    }

    /// Sends SIGTERM, then SIGKILL if the process is still there after 500 ms. Children of the
    /// test runner inherit its blocked-signal mask, in which SIGTERM stays blocked, so the
    /// grace is short; the stand-in writes its state file atomically, so a kill loses nothing.
    public func stop() async {
        await control.shutdown()
        process.withLock { $0.terminate() }
        if await hasExited(within: .milliseconds(500)) { return }
        let processID = process.withLock { $0.processIdentifier }
        kill(processID, SIGKILL)
        _ = await hasExited(within: .seconds(5))
    }

    private func hasExited(within limit: Duration) async -> Bool {
        await eventually(within: limit) { !process.withLock { $0.isRunning } }
    }

    /// A kubeconfig that reaches this stand-in with `token` (none when `nil`); for HTTPS add
    /// the CA through `clusterExtras`.
    public func kubeconfig(token: String?, clusterExtras: [String] = [], namespace: String? = nil) -> String {
        KubeconfigText.make(
            cluster: ["server: \(baseURL)"] + clusterExtras,
            user: token.map { ["token: \($0)"] } ?? [],
            namespace: namespace
        )
    }

    // MARK: Control API

    /// Sends a control request and returns its JSON answer.
    @discardableResult
    public func controlRequest(_ method: HTTPMethod, _ path: String, json: Any? = nil) async throws -> Any {
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        let request = HTTPClientRequest(
            method: method,
            url: baseURL + path,
            headers: ["Content-Type": "application/json"],
            body: body,
            timeout: .seconds(10)
        )
        let response = try await control.execute(request)
        guard response.isSuccess else {
            throw TestSupportFailure("\(method) \(path) answered \(response.status): "
                + String(decoding: response.body, as: UTF8.self))
        }
        return try JSONSerialization.jsonObject(with: response.body)
    }

    /// Appends fault rules (README "Fault rules").
    public func addFault(_ rule: [String: Any]) async throws {
        try await controlRequest(.post, "/_test/faults", json: rule)
    }

    /// Removes every fault rule still queued.
    public func clearFaults() async throws {
        try await controlRequest(.delete, "/_test/faults")
    }

    /// Makes `namespace` answer 403 Forbidden, for `verbs` only when given, or lifts it.
    public func setForbidden(_ isForbidden: Bool, namespace: String, verbs: [String]? = nil) async throws {
        var body: [String: Any] = ["namespace": namespace, "forbidden": isForbidden]
        if let verbs {
            body["verbs"] = verbs
        }
        try await controlRequest(.post, "/_test/forbidden", json: body)
    }

    /// Acts as the Argo controller, moving a Workflow to `phase`.
    public func setPhase(
        _ phase: String,
        name: String,
        namespace: String,
        extra: [String: Any] = [:]
    ) async throws {
        var body = extra
        body["phase"] = phase
        try await controlRequest(.post, "/_test/workflows/\(namespace)/\(name)/phase", json: body)
    }

    /// Every stored Workflow.
    public func workflows() async throws -> [[String: Any]] {
        let state = try await controlRequest(.get, "/_test/state") as? [String: Any]
        let objects = state?["objects"] as? [String: Any]
        return objects?["workflows"] as? [[String: Any]] ?? []
    }

    /// The API requests recorded so far, optionally only those whose path contains `pathPart`.
    public func requests(containing pathPart: String = "") async throws -> [[String: Any]] {
        let answer = try await controlRequest(.get, "/_test/requests") as? [String: Any]
        let all = answer?["requests"] as? [[String: Any]] ?? []
        guard !pathPart.isEmpty else { return all }
        return all.filter { ($0["path"] as? String)?.contains(pathPart) == true }
    }

    /// The outcome of every validated create.
    public func validations() async throws -> [[String: Any]] {
        let answer = try await controlRequest(.get, "/_test/validations") as? [String: Any]
        return answer?["validations"] as? [[String: Any]] ?? []
    }

    /// Seeds a WorkflowTemplate without validation.
    public func seedTemplate(name: String, namespace: String) async throws {
        try await controlRequest(.post, "/_test/workflowtemplates", json: [
            "metadata": ["name": name, "namespace": namespace],
            "spec": ["templates": [["name": "main", "container": ["image": "alpine"]]]],
        ])
    }

    /// Seeds a Workflow, status included.
    public func seedWorkflow(_ object: [String: Any]) async throws {
        try await controlRequest(.post, "/_test/workflows", json: object)
    }
}

/// Starts the stand-in, runs `body`, and always stops the process.
public func withKubeAPIServer<Value>(
    arguments: [String] = [],
    controlTLS: HTTPClientTLSConfiguration? = nil,
    _ body: (KubeAPIServer) async throws -> Value
) async throws -> Value {
    let server = try await KubeAPIServer.start(arguments: arguments, controlTLS: controlTLS)
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}
