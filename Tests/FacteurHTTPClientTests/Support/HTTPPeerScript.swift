/// The Python 3 program the tests run as their independent HTTP peer, kept in Swift source
/// because SwiftPM warns about any other file type inside a target's directory. It uses
/// only the standard library (`http.server`, `ssl`).
enum HTTPPeerScript {
    static let source = #"""
#!/usr/bin/env python3
"""An independent HTTP/1.1 peer for the FacteurHTTPClient tests, standard library only.

Writes the port it listens on (127.0.0.1) to --port-file and serves until terminated or
until its stdin closes, so it never outlives the test process.

Routes:
  /echo            any method: JSON with method, path, headers, body, body_length,
                   body_sha256, client_port and connection (a per-connection serial)
  /mirror          answers with the request body
  /bytes?n=N       N bytes, byte i being i % 251
  /slow?delay=S    waits S seconds, then answers like /echo
  /lines?n=N&delay=S
                   chunked: N lines {"index": i}, each flushed, S seconds apart
  /truncate        promises 1000 bytes, sends 10, closes the connection
  /status?code=C   answers status C with a short body
  /multi           repeats the X-Multi header field
With --cert/--key the peer speaks TLS; with --client-ca it also requires a client
certificate signed by that CA.
"""

import argparse
import base64
import hashlib
import http.server
import itertools
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

CONNECTION_IDS = itertools.count(1)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection_id = next(CONNECTION_IDS)

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.route()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = self.read_body()
        if url.path == "/echo":
            self.echo(body)
        elif url.path == "/mirror":
            self.send(200, body, "application/octet-stream")
        elif url.path == "/bytes":
            n = int(query.get("n", "0"))
            self.send(200, bytes(i % 251 for i in range(n)), "application/octet-stream")
        elif url.path == "/slow":
            time.sleep(float(query.get("delay", "1")))
            self.echo(body)
        elif url.path == "/lines":
            self.lines(int(query.get("n", "3")), float(query.get("delay", "0")))
        elif url.path == "/truncate":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.close_connection = True
        elif url.path == "/status":
            self.send(int(query.get("code", "200")), b'{"reason":"as asked"}', "application/json")
        elif url.path == "/multi":
            self.send_response(200)
            self.send_header("X-Multi", "first")
            self.send_header("x-multi", "second")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send(404, b"no such route", "text/plain")

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def echo(self, body):
        headers = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        document = {
            "method": self.command,
            "path": self.path,
            "headers": headers,
            "body": body.decode("utf-8", "replace") if len(body) <= 4096 else "",
            "body_base64": base64.b64encode(body).decode() if len(body) <= 4096 else "",
            "body_length": len(body),
            "body_sha256": hashlib.sha256(body).hexdigest(),
            "client_port": self.client_address[1],
            "connection": self.connection_id,
        }
        self.send(200, json.dumps(document).encode(), "application/json")

    def lines(self, count, delay):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for index in range(count):
                if index > 0 and delay > 0:
                    time.sleep(delay)
                line = json.dumps({"index": index}).encode() + b"\n"
                self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients that abort (the tests cancel on purpose) are expected; stay quiet.
        pass


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca")
    arguments = parser.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    if arguments.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(arguments.cert, arguments.key)
        if arguments.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(arguments.client_ca)
        server.socket = context.wrap_socket(server.socket, server_side=True)

    temporary = arguments.port_file + ".tmp"
    with open(temporary, "w") as file:
        file.write(str(server.server_address[1]))
    os.rename(temporary, arguments.port_file)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
"""#
}
