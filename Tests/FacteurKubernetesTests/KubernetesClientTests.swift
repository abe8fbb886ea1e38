import FacteurCore
import FacteurHTTPClient
import FacteurKubernetes
import FacteurTestSupport
import Foundation
import Testing

@Suite("Kubernetes client: requests, errors and retries")
struct KubernetesClientTests {
    static let tokenArguments = ["--token", Fixtures.token]

    @Test("Requests carry the bearer token, JSON headers and the caller's traceparent")
    func headers() async throws {
        try await withKubeAPIServer(arguments: Self.tokenArguments) { server in
            let client = try Fixtures.client(for: server)
            let explicit = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            let inherited = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

            _ = try await client.send(KubernetesRequest(path: "/version", traceparent: explicit))
            try await KubernetesTracing.$traceparent.withValue(inherited) {
                _ = try await client.send(KubernetesRequest(path: "/version"))
            }

            let requests = try await server.requests(containing: "/version")
            #expect(requests.count == 2)
            let headers = try #require(requests.first?["headers"] as? [String: String])
            #expect(headers["authorization"] == "Bearer \(Fixtures.token)")
            #expect(headers["accept"] == "application/json")
            #expect(requests.map { $0["traceparent"] as? String } == [explicit, inherited])
            await client.shutdown()
        }
    }

    @Test("500s are retried with exponential backoff until the API answers")
    func serverErrorsRetried() async throws {
        try await withKubeAPIServer(arguments: Self.tokenArguments) { server in
            let clock = ManualClock()
            let client = try Fixtures.client(for: server, clock: clock)
            try await server.addFault(["path": "^/version$", "times": 2, "action": ["status": 500]])

            let response = try await client.send(KubernetesRequest(path: "/version"))

            #expect(response.status == 200)
            #expect(clock.sleeps == [.milliseconds(200), .milliseconds(400)])
            let statuses = try await server.requests(containing: "/version").map { $0["status"] as? Int }
            #expect(statuses == [500, 500, 200])
            await client.shutdown()
        }
    }

    @Test("A 429 waits exactly the Retry-After the API asked for")
    func retryAfterHonoured() async throws {
        try await withKubeAPIServer(arguments: Self.tokenArguments) { server in
            let clock = ManualClock()
            let client = try Fixtures.client(for: server, clock: clock)
            try await server.addFault(["path": "^/version$", "action": ["status": 429, "retry_after": 3]])

            _ = try await client.send(KubernetesRequest(path: "/version"))

            #expect(clock.sleeps == [.seconds(3)])
            await client.shutdown()
        }
    }

    @Test("Retries stop within the 10 s deadline and the error is unavailable")
    func deadline() async throws {
        try await withKubeAPIServer(arguments: Self.tokenArguments) { server in
            let clock = ManualClock()
            let client = try Fixtures.client(for: server, clock: clock)
            try await server.addFault(["path": "^/version$", "times": 0, "action": ["status": 503]])

            let error = try await #require(throws: KubernetesError.self) {
                try await client.send(KubernetesRequest(path: "/version"))
            }

            #expect(error.code == .unavailable)
            #expect(error.httpStatus == 503)
            #expect(error.reason == "ServiceUnavailable")
            #expect(error.attempts > 3)
            let slept = clock.sleeps.reduce(Duration.zero, +)
            #expect(slept < .seconds(10))
            #expect(clock.now() < .seconds(10))
            await client.shutdown()
        }
    }

    @Test("A refused connection is retried, then reported as unavailable within the deadline")
    func connectionRefused() async throws {
        // Nothing listens on port 1 of the loopback interface.
        let baseURL = "http://127.0.0.1:1"
        let clock = ManualClock()
        let client = try KubernetesClient(
            credentials: KubernetesCredentials(server: baseURL, source: "test"),
            retryPolicy: Fixtures.exactRetries,
            clock: clock
        )

        let error = try await #require(throws: KubernetesError.self) {
            try await client.send(KubernetesRequest(path: "/version"))
        }

        #expect(error.code == .unavailable)
        #expect(error.underlying?.code == .connectFailed)
        #expect(!error.mayHaveBeenApplied)
        #expect(error.attempts > 1)
        await client.shutdown()
    }

    @Test("A 403 is final and carries the API's message and reason", arguments: [
        "create", "get",
    ])
    func forbidden(verb: String) async throws {
        try await withKubeAPIServer(arguments: Self.tokenArguments) { server in
            let clock = ManualClock()
            let client = try Fixtures.client(for: server, clock: clock)
            try await server.controlRequest(.post, "/_test/forbidden", json: ["namespace": "locked"])
            let path = "/apis/argoproj.io/v1alpha1/namespaces/locked/workflows"
            let request = verb == "create"
                ? KubernetesRequest(method: .post, path: path, body: WorkflowManifest(Fixtures.draft()).jsonData())
                : KubernetesRequest(path: path + "/some-workflow")

            let error = try await #require(throws: KubernetesError.self) { try await client.send(request) }

            #expect(error.code == .rejected)
            #expect(error.httpStatus == 403)
            #expect(error.reason == "Forbidden")
            #expect(error.message.contains("cannot \(verb) resource \"workflows\""))
            #expect(error.attempts == 1)
            #expect(clock.sleeps.isEmpty)
            await client.shutdown()
        }
    }

    @Test("Without the right bearer token the API answers 401, once, without retries")
    func bearerRequired() async throws {
        try await withKubeAPIServer(arguments: Self.tokenArguments) { server in
            for token in [nil, "wrong"] as [String?] {
                let client = try Fixtures.client(for: server, token: token)
                let error = try await #require(throws: KubernetesError.self) {
                    try await client.send(KubernetesRequest(path: "/version"))
                }
                #expect(error.httpStatus == 401)
                #expect(error.reason == "Unauthorized")
                #expect(error.attempts == 1)
                await client.shutdown()
            }
            #expect(try await server.requests(containing: "/version").count == 2)
        }
    }

    @Test("An unknown path is a final 404 decoded from the Status body")
    func notFound() async throws {
        try await withKubeAPIServer { server in
            let clock = ManualClock()
            let client = try Fixtures.client(for: server, token: nil, clock: clock)

            let error = try await #require(throws: KubernetesError.self) {
                try await client.send(KubernetesRequest(path: "/apis/nothing/here"))
            }

            #expect(error.code == .rejected)
            #expect(error.httpStatus == 404)
            #expect(error.reason == "NotFound")
            #expect(error.message == "the server could not find the requested resource")
            #expect(clock.sleeps.isEmpty)
            await client.shutdown()
        }
    }
}
