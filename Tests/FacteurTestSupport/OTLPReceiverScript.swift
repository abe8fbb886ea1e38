import Foundation

/// The local OTLP/HTTP receiver the telemetry and end-to-end tests run: it decodes every
/// export with the `opentelemetry-proto` package in either encoding and keeps what it
/// decoded for the test to read back. It talks to the test through files in its directory
/// (argument 1): `records.jsonl` gets one decoded export per line, `attempts` counts
/// requests, and a `control.json` the test drops there is merged into its state on the next
/// request (`fail`: how many requests to refuse, `status`, `retry_after`, `delay` in
/// seconds). Embedded here because SwiftPM warns about stray files in test targets.
public enum OTLPReceiverScript {
    public static let source = #"""
import base64, json, os, signal, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest

SIGNALS = {
    "/v1/traces": ("traces", ExportTraceServiceRequest),
    "/v1/metrics": ("metrics", ExportMetricsServiceRequest),
    "/v1/logs": ("logs", ExportLogsServiceRequest),
}
ID_KEYS = {"traceId", "spanId", "parentSpanId"}
lock = threading.Lock()
state = {"fail": 0, "status": 503, "retry_after": None, "delay": 0.0, "attempts": 0}
DIRECTORY = sys.argv[1] if len(sys.argv) > 1 else "."
CONTROL = os.path.join(DIRECTORY, "control.json")
RECORDS = os.path.join(DIRECTORY, "records.jsonl")
ATTEMPTS = os.path.join(DIRECTORY, "attempts")


def save_attempts():
    with open(ATTEMPTS + ".tmp", "w") as out:
        out.write(str(state["attempts"]))
    os.replace(ATTEMPTS + ".tmp", ATTEMPTS)


def convert_ids(value, to_hex):
    """OTLP/JSON writes IDs as hex; protobuf's JSON mapping wants base64 for bytes."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ID_KEYS and isinstance(item, str):
                out[key] = base64.b64decode(item).hex() if to_hex else base64.b64encode(bytes.fromhex(item)).decode()
            else:
                out[key] = convert_ids(item, to_hex)
        return out
    if isinstance(value, list):
        return [convert_ids(item, to_hex) for item in value]
    return value


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path not in SIGNALS:
            return self.reply(404)
        with lock:
            if os.path.exists(CONTROL):
                with open(CONTROL) as control:
                    state.update(json.load(control))
                os.remove(CONTROL)
            state["attempts"] += 1
            save_attempts()
            delay = state["delay"]
            failing = state["fail"] > 0
            if failing:
                state["fail"] -= 1
                status, retry_after = state["status"], state["retry_after"]
        if delay:
            time.sleep(delay)
        if failing:
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            return self.reply(status, b"", headers)
        signal, message_type = SIGNALS[self.path]
        content_type = self.headers.get("Content-Type", "")
        try:
            if content_type == "application/x-protobuf":
                message = message_type.FromString(body)
            elif content_type == "application/json":
                message = json_format.Parse(json.dumps(convert_ids(json.loads(body), False)), message_type())
            else:
                return self.reply(415)
        except Exception as error:
            return self.reply(400, str(error).encode())
        record = {
            "signal": signal,
            "contentType": content_type,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": convert_ids(json_format.MessageToDict(message), True),
        }
        with lock:
            with open(RECORDS, "a") as records:
                records.write(json.dumps(record) + "\n")
        self.reply(200, message_type().SerializeToString(), {"Content-Type": content_type})


def golden():
    """A known span, serialised by Google's protobuf, for the encoding test to match."""
    from opentelemetry.proto.trace.v1 import trace_pb2
    from opentelemetry.proto.common.v1 import common_pb2
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    attribute = resource_spans.resource.attributes.add(key="service.name")
    attribute.value.string_value = "facteur"
    scope_spans = resource_spans.scope_spans.add()
    scope_spans.scope.name = "facteur"
    scope_spans.scope.version = "1.2.3"
    span = scope_spans.spans.add()
    span.trace_id = bytes.fromhex("0af7651916cd43dd8448eb211c80319c")
    span.span_id = bytes.fromhex("b7ad6b7169203331")
    span.trace_state = "vendor=x"
    span.parent_span_id = bytes.fromhex("00f067aa0ba902b7")
    span.name = "facteur.bridge.dispatch"
    span.kind = trace_pb2.Span.SPAN_KIND_SERVER
    span.start_time_unix_nano = 1700000000000000000
    span.end_time_unix_nano = 1700000000250000000
    for key, kind, value in [("b", "bool_value", True), ("d", "double_value", 1.5), ("i", "int_value", -7),
                             ("s", "string_value", "deploy")]:
        setattr(span.attributes.add(key=key).value, kind, value)
    tags = span.attributes.add(key="tags").value.array_value
    tags.values.add().string_value = "a"
    tags.values.add().string_value = "b"
    event = span.events.add(time_unix_nano=1700000000100000000, name="exception")
    event.attributes.add(key="exception.message").value.string_value = "boom"
    span.status.message = "boom"
    span.status.code = trace_pb2.Status.STATUS_CODE_ERROR
    print(request.SerializeToString(deterministic=True).hex())


if __name__ == "__main__":
    if sys.argv[1:] == ["golden"]:
        golden()
        sys.exit(0)
    if sys.argv[1:] == ["json-to-protobuf"]:
        parsed = json_format.Parse(json.dumps(convert_ids(json.load(sys.stdin), False)), ExportTraceServiceRequest())
        print(parsed.SerializeToString(deterministic=True).hex())
        sys.exit(0)
    # The test process may spawn us with SIGTERM blocked; and when it dies, our stdin
    # closes, so we exit rather than outlive it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
"""#

    /// Runs the script in a one-shot mode (`golden`, `json-to-protobuf`) with `input` on its
    /// standard input, and returns its trimmed standard output; at most `timeout`, after
    /// which the script is killed.
    public static func run(
        _ arguments: [String],
        input: String = "",
        timeout: Duration = .seconds(30)
    ) throws -> String {
        let directory = try TemporaryDirectory(prefix: "facteur-otlp")
        defer { directory.remove() }
        let script = try directory.write(source, to: "receiver.py")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardInput = inputPipe
        try process.run()
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()

        // The one-shot modes print a few hundred bytes, far below a pipe's buffer, so the
        // script never blocks on its output while this waits for the exit.
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestSupportFailure("the OTLP receiver script \(arguments) did not finish within \(timeout)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
