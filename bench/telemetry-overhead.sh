#!/usr/bin/env bash
# Measures what telemetry costs a request when the collector misbehaves (issue 5): three runs
# of the same facteur (config/local.yaml: dry-run Argo, in-memory store), side by side:
#   off   OTEL_SDK_DISABLED=true
#   down  OTEL_EXPORTER_OTLP_ENDPOINT at a closed loopback port (connection refused)
#   slow  OTEL_EXPORTER_OTLP_ENDPOINT at a loopback server that sleeps before every answer
# For each: /healthz and /events req/s and p99 (wrk -t1 -c64 -d5s --latency; /events through
# bench/events.lua, a distinct event per request), facteur's RSS after each load and its
# peak, export failures logged by the span processor, and how long SIGTERM took.
# Goal: down and slow within noise of off; RSS flat across runs (the queues are bounded).
# Everything listens on 127.0.0.1 and stops when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

duration="${BENCH_DURATION:-5s}"
connections="${BENCH_CONNECTIONS:-64}"
slow_seconds="${BENCH_COLLECTOR_DELAY:-2}"
scratch="${BENCH_SCRATCH_PATH:-.build}"
source bench/lib.sh
bench_setup telemetry

rss_mb() { awk -v key="$2:" '$1 == key { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

swift build -c release --static-swift-stdlib --product facteur --scratch-path "$scratch" >/dev/null
facteur_binary="$scratch/release/facteur"

# The slow collector: accepts every export, answers 200 after sleeping, counts requests.
cat >"$work_dir/slow_collector.py" <<'PYTHON'
import sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

delay, count_file = float(sys.argv[1]), sys.argv[2]
received = 0

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        global received
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        received += 1
        with open(count_file, "w") as out:
            out.write(str(received))
        time.sleep(delay)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
PYTHON
python3 "$work_dir/slow_collector.py" "$slow_seconds" "$work_dir/slow-count" >"$work_dir/slow-port" &
pids+=($!)
for _ in $(seq 1 100); do [[ -s "$work_dir/slow-port" ]] && break; sleep 0.05; done
slow_port="$(head -n1 "$work_dir/slow-port")"
# Bound and released at once: nothing listens there, so every export is refused.
closed_port="$(free_port)"

declare -A results
run_mode() {
    local mode="$1"
    shift
    local port
    port="$(free_port)"
    env -i PATH="$PATH" HOME="$HOME" \
        FACTEUR_SERVER_LISTEN_ADDRESS="127.0.0.1:$port" \
        FACTEUR_LOG_LEVEL=warning \
        OTEL_SERVICE_NAME=facteur-bench \
        OTEL_METRIC_EXPORT_INTERVAL=1000 \
        "$@" \
        "$facteur_binary" serve --config config/local.yaml >"$work_dir/facteur-$mode.log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    wait_for "http://127.0.0.1:$port/readyz"

    local probe_status
    probe_status="$(curl -s -o "$work_dir/probe.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        --data '{"interactionId":"probe","command":"plan","options":{"objective":"probe"},"member":{"id":"1"}}' \
        "http://127.0.0.1:$port/events")"
    if [[ "$probe_status" != 202 ]]; then
        echo "$mode: the probe event was answered $probe_status: $(cat "$work_dir/probe.json")" >&2
        exit 1
    fi

    export BENCH_RUN_ID="w$mode$$-"
    wrk -t1 -c"$connections" -d1s -s bench/events.lua "http://127.0.0.1:$port" >/dev/null
    wrk -t1 -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/healthz" >"$work_dir/$mode-healthz.txt"
    results[$mode.healthz_rss]="$(rss_mb "$pid" VmRSS)"
    export BENCH_RUN_ID="m$mode$$-"
    wrk -t1 -c"$connections" -d"$duration" --latency -s bench/events.lua \
        "http://127.0.0.1:$port" >"$work_dir/$mode-events.txt"
    results[$mode.events_rss]="$(rss_mb "$pid" VmRSS)"
    results[$mode.peak_rss]="$(rss_mb "$pid" VmHWM)"
    results[$mode.metrics_dropped]="$(curl -fs "http://127.0.0.1:$port/metrics" | grep -ci dropped || true)"

    local started=$SECONDS stopped=0
    kill -TERM "$pid"
    for _ in $(seq 1 600); do
        if ! kill -0 "$pid" 2>/dev/null; then stopped=1; break; fi
        sleep 0.05
    done
    if [[ "$stopped" == 0 ]]; then
        kill -KILL "$pid" 2>/dev/null || true
        results[$mode.shutdown]="killed after 30 s"
    else
        results[$mode.shutdown]="$((SECONDS - started)) s"
    fi
    wait "$pid" 2>/dev/null || true

    results[$mode.healthz_rate]="$(rate "$work_dir/$mode-healthz.txt")"
    results[$mode.healthz_p99]="$(p99_ms "$work_dir/$mode-healthz.txt")"
    results[$mode.events_rate]="$(rate "$work_dir/$mode-events.txt")"
    results[$mode.events_p99]="$(p99_ms "$work_dir/$mode-events.txt")"
    results[$mode.events_non_2xx]="$(non_2xx "$work_dir/$mode-events.txt")"
    # The span processor logs each batch it gave up on, with its size; a full queue drops
    # without a log line, and that count is not exposed by the binary.
    local log="$work_dir/facteur-$mode.log"
    results[$mode.failed_spans]="$( { grep -o 'facteur.telemetry.dropped=[0-9]*' "$log" || true; } \
        | awk -F= '{ n += $2 } END { print n + 0 }')"
    results[$mode.failed_logs]="$(grep -c 'spans dropped' "$log" || true)"
}

run_mode off OTEL_SDK_DISABLED=true
run_mode down OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$closed_port"
run_mode slow OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$slow_port"

modes=(off down slow)
row() {
    local label="$1" key="$2" unit="$3"
    printf '  %-34s' "$label"
    for mode in "${modes[@]}"; do printf '%16s' "${results[$mode.$key]}$unit"; done
    printf '\n'
}
printf 'telemetry overhead, config/local.yaml (wrk -t1 -c%s -d%s --latency; collector delay %s s)\n' \
    "$connections" "$duration" "$slow_seconds"
printf '  %-34s%16s%16s%16s\n' "" "off" "collector down" "collector slow"
row "/healthz req/s" healthz_rate ""
row "/healthz p99" healthz_p99 " ms"
row "/events req/s" events_rate ""
row "/events p99" events_p99 " ms"
row "/events non-2xx" events_non_2xx ""
row "RSS after /healthz" healthz_rss " MB"
row "RSS after /events" events_rss " MB"
row "peak RSS" peak_rss " MB"
row "spans dropped on failed export" failed_spans ""
row "  (warning lines)" failed_logs ""
row "/metrics lines naming 'dropped'" metrics_dropped ""
row "SIGTERM to exit" shutdown ""
printf '  slow collector received %s export requests\n' "$(cat "$work_dir/slow-count" 2>/dev/null || echo 0)"
printf '  queue-full span drops: counted in-process (Telemetry.droppedSpanCount) but not exposed\n'
