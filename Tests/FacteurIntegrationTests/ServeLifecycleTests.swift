import Foundation
import Testing

@Suite("facteur serve, run as a process")
struct ServeLifecycleTests {
    static let localEnvironment = FacteurProcess.environment(["FACTEUR_SERVER_LISTEN_ADDRESS": "127.0.0.1:0"])
    static let serveLocal = ["serve", "--config", "config/local.yaml"]

    @Test("The embedded local configuration serves the service routes, then SIGTERM exits 0 and closes the port")
    func serveAndStop() async throws {
        let running = try FacteurProcess.start(Self.serveLocal, environment: Self.localEnvironment)
        let port = try await running.waitForListening()

        let health = try RawHTTP.get(port: port, path: "/healthz")
        #expect(health.status == 200)
        #expect(health.body == #"{"status":"ok"}"#)

        let ready = try RawHTTP.get(port: port, path: "/readyz")
        #expect(ready.status == 200)
        #expect(ready.body == #"{"status":"ready"}"#)

        let root = try RawHTTP.get(port: port, path: "/")
        let identity = try #require(try JSONSerialization.jsonObject(with: Data(root.body.utf8)) as? [String: String])
        #expect(identity["service"] == "facteur")
        #expect(identity["status"] == "ok")
        #expect(identity["version"]?.isEmpty == false)
        #expect(identity["commit"]?.isEmpty == false)

        let missing = try RawHTTP.get(port: port, path: "/missing")
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"] == "application/json")

        running.signal(SIGTERM)
        #expect(try await running.waitForExit(timeout: .seconds(15)) == 0)
        #expect(throws: RawHTTP.ConnectionRefused.self) { try RawHTTP.get(port: port, path: "/healthz") }
        #expect(running.standardOutput.contains("msg=\"shutdown requested\" signal=SIGTERM"))
    }

    @Test("SIGINT stops the service the same way")
    func interrupt() async throws {
        let running = try FacteurProcess.start(Self.serveLocal, environment: Self.localEnvironment)
        _ = try await running.waitForListening()
        running.signal(SIGINT)
        #expect(try await running.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test("A port already taken is a runtime failure, exit 1")
    func portTaken() async throws {
        let first = try FacteurProcess.start(Self.serveLocal, environment: Self.localEnvironment)
        let port = try await first.waitForListening()

        var environment = Self.localEnvironment
        environment["FACTEUR_SERVER_LISTEN_ADDRESS"] = "127.0.0.1:\(port)"
        let second = try await FacteurProcess.run(["serve", "--config", "config/local.yaml"], environment: environment)
        #expect(second.status == 1)
        #expect(second.standardOutput.contains("could not start"))

        first.signal(SIGTERM)
        #expect(try await first.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test("Log lines are JSON when FACTEUR_LOG_FORMAT=json, and never carry the bot token")
    func jsonLogs() async throws {
        var environment = Self.localEnvironment
        environment["FACTEUR_LOG_FORMAT"] = "json"
        environment["FACTEUR_DISCORD_BOT_TOKEN"] = "very-secret-bot-token"
        let running = try FacteurProcess.start(["serve", "--config", "config/local.yaml"], environment: environment)
        let port = try await waitForJSONListening(running)
        _ = try RawHTTP.get(port: port, path: "/healthz")
        running.signal(SIGTERM)
        #expect(try await running.waitForExit(timeout: .seconds(15)) == 0)

        let lines = running.standardOutput.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["msg"] != nil, "not a JSON log line: \(line)")
        }
        #expect(!running.standardOutput.contains("very-secret-bot-token"))
    }

    private func waitForJSONListening(_ running: FacteurProcess.Running) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            for line in running.standardOutput.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      object["msg"] as? String == "facteur listening",
                      let port = (object["server.port"] as? String).flatMap(Int.init)
                else { continue }
                return port
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no JSON listening line: \(running.standardOutput)")
    }
}
