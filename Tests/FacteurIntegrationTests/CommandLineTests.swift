import Foundation
import Testing

@Suite("facteur's command line, run as a process")
struct CommandLineTests {
    @Test("version prints the version and commit and exits 0")
    func version() async throws {
        let outcome = try await FacteurProcess.run(["version"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix("facteur "))
        #expect(outcome.standardOutput.contains("commit "))
    }

    @Test("--help works on every command and exits 0", arguments: [
        ["--help"], ["serve", "--help"], ["config", "--help"], ["config", "validate", "--help"],
        ["config", "print", "-h"], ["version", "--help"],
    ])
    func help(arguments: [String]) async throws {
        let outcome = try await FacteurProcess.run(arguments)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("USAGE:"))
    }

    @Test("Usage mistakes print an error and the usage, and exit 2", arguments: [
        (["deploy"], "unknown command 'deploy'"),
        (["serve", "--port", "1"], "unknown option '--port'"),
        (["config"], "needs a subcommand"),
        ([], "needs a subcommand"),
        (["serve", "--config"], "--config needs a value"),
    ])
    func usageErrors(arguments: [String], message: String) async throws {
        let outcome = try await FacteurProcess.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("Error: "))
        #expect(outcome.standardError.contains(message))
        #expect(outcome.standardError.contains("USAGE:"))
    }

    @Test("config validate accepts the shipped configurations", arguments: ["config/local.yaml", "config/example.yaml"])
    func validateShipped(path: String) async throws {
        let outcome = try await FacteurProcess.run(["config", "validate", "--config", path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }

    @Test("config validate names every bad key at once and exits 2")
    func validateReportsEveryProblem() async throws {
        let file = try TemporaryFile(contents: """
            server:
              listen_address: "nowhere"
              max_body_bytes: -1
              shutdown_timeout: soon
            discord:
              bot_token: t
              application_id: "12"
            redis:
              url: "ftp://x"
            argo:
              namespace: argo
              workflow_template: tpl
              mode: sometimes
            role_map:
              plan: []
            surprise: 1
            """)
        let outcome = try await FacteurProcess.run(["config", "validate", "--config", file.path])
        #expect(outcome.status == 2)
        for key in [
            "server.listen_address", "server.max_body_bytes", "server.shutdown_timeout",
            "discord.application_id", "redis.url", "argo.mode", "role_map.plan", "surprise",
        ] {
            #expect(outcome.standardError.contains(key), "\(key) missing from \(outcome.standardError)")
        }
    }

    @Test("Environment variables alone suffice, and FACTEUR_CONFIG_FILE stands in for --config")
    func environmentOnly() async throws {
        let environment = FacteurProcess.environment([
            "FACTEUR_DISCORD_BOT_TOKEN": "secret-token-value",
            "FACTEUR_DISCORD_APPLICATION_ID": "123456789012345678",
            "FACTEUR_REDIS_URL": "redis://:hunter2@127.0.0.1:6379/2",
            "FACTEUR_ARGO_NAMESPACE": "argo",
            "FACTEUR_ARGO_WORKFLOW_TEMPLATE": "facteur-dispatch",
        ])
        let validated = try await FacteurProcess.run(["config", "validate"], environment: environment)
        #expect(validated.status == 0, "\(validated.standardError)")

        let printed = try await FacteurProcess.run(["config", "print"], environment: environment)
        #expect(printed.status == 0)
        #expect(printed.standardOutput.contains("<redacted>"))
        #expect(!printed.standardOutput.contains("secret-token-value"))
        #expect(!printed.standardOutput.contains("hunter2"))

        var fromFile = FacteurProcess.environment()
        fromFile["FACTEUR_CONFIG_FILE"] = "config/local.yaml"
        let viaVariable = try await FacteurProcess.run(["config", "print"], environment: fromFile)
        #expect(viaVariable.status == 0)
        #expect(viaVariable.standardOutput.contains("memory://"))
    }

    @Test("serve with an invalid configuration exits 2 before listening")
    func serveInvalid() async throws {
        let outcome = try await FacteurProcess.run(["serve"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("discord.bot_token"))
    }
}

/// A file removed when the value goes away.
final class TemporaryFile {
    let path: String

    init(contents: String, suffix: String = ".yaml") throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-\(UUID().uuidString)\(suffix)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
