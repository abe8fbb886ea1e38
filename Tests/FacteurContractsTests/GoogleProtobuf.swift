import Foundation
import Testing

/// Runs Google's Python `protobuf` against the shipped `.proto` files, so tests can check that
/// Swift reads what Google writes and Google reads what Swift writes.
///
/// The script is embedded rather than shipped beside the tests because SwiftPM would warn
/// about an unhandled `.py` resource in the test target.
enum GoogleProtobuf {
    /// What Google built and what it made of Swift's output, for one run of the script.
    struct Report: Decodable, Sendable {
        /// Messages Google built itself, by sample name.
        var fixtures: [String: Encoded]
        /// Swift's encodings as Google read them, by sample name.
        var swift: [String: Verdict]
    }

    /// One message in both of Google's encodings.
    struct Encoded: Decodable, Sendable {
        var type: String
        /// `SerializeToString(deterministic=True)`, in hex.
        var hex: String
        /// `MessageToJson`.
        var json: String
    }

    /// Google's reading of Swift's binary and JSON encodings of one message.
    struct Verdict: Decodable, Sendable {
        /// Swift's bytes parsed and re-serialised deterministically, in hex.
        var reencodedHex: String
        /// Swift's bytes parsed and printed with `MessageToJson`.
        var json: String
        /// Swift's JSON parsed with `json_format.Parse` and serialised, in hex.
        var parsedJSONHex: String
    }

    /// One message Swift encoded, for the script to read.
    struct SwiftMessage: Encodable {
        var name: String
        var type: String
        var hex: String
        var json: String
    }

    /// Why the comparison could not run; a missing tool is a failure, never a skip.
    struct UnavailableError: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root, found from this file's place in `Tests/FacteurContractsTests/`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Compiles the `.proto` files with `grpc_tools.protoc`, builds Google's fixtures and
    /// reads `messages` with Google's parsers.
    static func run(_ messages: [SwiftMessage]) throws -> Report {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("facteur-protobuf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("google_protobuf.py")
        try Data(pythonScript.utf8).write(to: script)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3",
            script.path,
            repositoryRoot.appendingPathComponent("proto").path,
            directory.appendingPathComponent("generated").path,
        ]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw UnavailableError(description: "cannot start python3 (\(error)); install Python 3 and "
                + "`pip install -r requirements-test.txt` (grpcio-tools, protobuf)")
        }
        input.fileHandleForWriting.write(try JSONEncoder().encode(messages))
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw UnavailableError(description: "python3 with grpcio-tools and protobuf is required "
                + "(`pip install -r requirements-test.txt`); the script exited with status "
                + "\(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))")
        }
        return try JSONDecoder().decode(Report.self, from: stdout)
    }

    /// Reads Swift's messages from stdin as JSON and prints one JSON report on stdout.
    static let pythonScript = #"""
    import json
    import os
    import subprocess
    import sys

    try:
        import grpc_tools
        from google.protobuf import json_format
    except ImportError as error:
        sys.exit(f"missing Python package: {error}; pip install grpcio-tools protobuf")

    proto_root, generated = sys.argv[1], sys.argv[2]
    os.makedirs(generated, exist_ok=True)
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", proto_root, "-I", include,
         "--python_out=" + generated, "facteur/v1/contract.proto", "github/v1/codex_task.proto"],
        check=True,
    )
    sys.path.insert(0, generated)
    from facteur.v1 import contract_pb2 as facteur
    from github.v1 import codex_task_pb2 as github

    TYPES = {
        "facteur.v1.CommandEvent": facteur.CommandEvent,
        "facteur.v1.DispatchResult": facteur.DispatchResult,
        "github.v1.CodexTask": github.CodexTask,
    }


    def command_event_full():
        event = facteur.CommandEvent(
            provider="discord", interaction_id="1234567890123456789",
            application_id="987654321098765432", command="plan", command_id="111", version=1,
            token="tok-\u00c5\u03a9-\U0001F680", guild_id="555", channel_id="666", locale="en-US",
            guild_locale="fr", timestamp="2024-05-01T12:34:56Z", correlation_id="corr-1",
            trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
        )
        event.options.update({"objective": "ship it", "project": "facteur", "zeta": "",
                              "\u00e9moji": "\u2713"})
        event.user.id = "42"
        event.user.username = "ada"
        event.user.global_name = "Ada"
        event.user.discriminator = "0"
        event.member.id = "42"
        event.member.roles.extend(["100000000000000001", "100000000000000002"])
        event.response.type = 5
        event.response.flags = 64
        return event


    def command_event_member_only():
        event = facteur.CommandEvent(command="status")
        event.member.id = "7"
        event.response.type = 4
        return event


    def command_event_flags_zero():
        event = facteur.CommandEvent(command="review")
        event.options[""] = "empty key"
        event.response.type = 4
        event.response.flags = 0
        return event


    def codex_task_full():
        task = github.CodexTask(
            stage=github.CODEX_TASK_STAGE_REVIEW, prompt='Fix the "quoted" bug\nline2\ttab',
            repository="acme/widgets", base="main", head="codex/fix", issue_number=9007199254740993,
            issue_url="https://github.com/acme/widgets/issues/1", issue_title="Widgets wobble",
            sender="octocat", plan_comment_id=-1,
            plan_comment_url="https://github.com/acme/widgets/issues/1#issuecomment-2",
            delivery_id="d-1",
        )
        task.issued_at.seconds = 1714566896
        task.issued_at.nanos = 123456789
        context = task.review_context
        context.summary = "two threads"
        context.review_threads.add(summary="rename", url="u1")
        context.review_threads.add(summary="tests", author="bob")
        context.failing_checks.add(name="ci/test", conclusion="failure", url="u", details="boom")
        context.failing_checks.add(name="lint")
        context.additional_notes.extend(["a", "b"])
        return task


    def codex_task_present_defaults():
        task = github.CodexTask(issue_number=-42, plan_comment_id=0, plan_comment_url="")
        task.stage = 7
        task.issued_at.seconds = -62135596800
        task.issued_at.nanos = 1000000
        task.review_context.SetInParent()
        return task


    def dispatch_result():
        return facteur.DispatchResult(
            namespace="argo", workflow_name="plan-20240501-123456-abc", message="ok",
            correlation_id="corr-1", trace_id="trace-1",
        )


    FIXTURES = {
        "command_event_empty": facteur.CommandEvent(),
        "command_event_full": command_event_full(),
        "command_event_member_only": command_event_member_only(),
        "command_event_flags_zero": command_event_flags_zero(),
        "codex_task_full": codex_task_full(),
        "codex_task_present_defaults": codex_task_present_defaults(),
        "dispatch_result": dispatch_result(),
    }


    def hex_of(message):
        return message.SerializeToString(deterministic=True).hex()


    report = {"fixtures": {}, "swift": {}}
    for name, message in FIXTURES.items():
        report["fixtures"][name] = {
            "type": message.DESCRIPTOR.full_name,
            "hex": hex_of(message),
            "json": json_format.MessageToJson(message),
        }
    for item in json.load(sys.stdin):
        kind = TYPES[item["type"]]
        decoded = kind.FromString(bytes.fromhex(item["hex"]))
        parsed = json_format.Parse(item["json"], kind())
        report["swift"][item["name"]] = {
            "reencodedHex": hex_of(decoded),
            "json": json_format.MessageToJson(decoded),
            "parsedJSONHex": hex_of(parsed),
        }
    json.dump(report, sys.stdout)
    """#
}
