#!/usr/bin/env bash
# Measures facteur's HTTP front door against nginx on this machine, side by side:
#   - /healthz requests per second (wrk, same threads, connections and duration)
#   - facteur's idle resident memory
#   - median time from exec to the first 200, for both
# Goals (issue 2): throughput ratio >= 0.8, idle RSS <= 20 MB, start-up ratio <= 1.5.
# Everything listens on 127.0.0.1 and stops when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

duration="${BENCH_DURATION:-4s}"
connections="${BENCH_CONNECTIONS:-64}"
runs="${BENCH_STARTUP_RUNS:-11}"
facteur_port=18080
nginx_port=18081
source bench/lib.sh
bench_setup http

swift build -c release --static-swift-stdlib --product facteur >/dev/null
facteur=(.build/release/facteur serve --config config/local.yaml)
export FACTEUR_SERVER_LISTEN_ADDRESS="127.0.0.1:$facteur_port"
export FACTEUR_LOG_LEVEL=warning

server_block="$(cat <<NGINX
    server {
        listen 127.0.0.1:$nginx_port;
        location = /healthz {
            return 200 '{"status":"ok"}';
        }
    }
NGINX
)"
nginx_conf "$server_block" >"$work_dir/nginx.conf"
nginx=(nginx -c "$work_dir/nginx.conf" -e "$work_dir/nginx-error.log")

requests_per_second() {
    wrk -t1 -c"$connections" -d"$duration" "$1" | awk '/Requests\/sec/ { print $2 }'
}

"${facteur[@]}" >"$work_dir/facteur.log" 2>&1 &
facteur_pid=$!
pids+=("$facteur_pid")
"${nginx[@]}" &
pids+=($!)
wait_for "http://127.0.0.1:$facteur_port/healthz"
wait_for "http://127.0.0.1:$nginx_port/healthz"

sleep 1
idle_rss_kb="$(awk '/VmRSS/ { print $2 }' "/proc/$facteur_pid/status")"

facteur_rps="$(requests_per_second "http://127.0.0.1:$facteur_port/healthz")"
nginx_rps="$(requests_per_second "http://127.0.0.1:$nginx_port/healthz")"
loaded_rss_kb="$(awk '/VmRSS/ { print $2 }' "/proc/$facteur_pid/status")"

for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

facteur_start_ms="$(
    python3 bench/first_response.py "http://127.0.0.1:$facteur_port/healthz" "$runs" -- "${facteur[@]}"
)"
nginx_start_ms="$(python3 bench/first_response.py "http://127.0.0.1:$nginx_port/healthz" "$runs" -- "${nginx[@]}")"

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf 'healthz throughput (wrk -t1 -c%s -d%s)\n' "$connections" "$duration"
printf '  facteur  %10.0f req/s\n' "$facteur_rps"
printf '  nginx    %10.0f req/s\n' "$nginx_rps"
printf '  ratio    %10s (goal >= 0.8)\n' "$(ratio "$facteur_rps" "$nginx_rps")"
printf 'facteur RSS\n'
printf '  idle     %10.1f MB (goal <= 20)\n' "$(python3 -c "print($idle_rss_kb / 1024)")"
printf '  loaded   %10.1f MB\n' "$(python3 -c "print($loaded_rss_kb / 1024)")"
printf 'exec to first 200 (median of %s)\n' "$runs"
printf '  facteur  %10s ms\n' "$facteur_start_ms"
printf '  nginx    %10s ms\n' "$nginx_start_ms"
printf '  ratio    %10s (goal <= 1.5)\n' "$(ratio "$facteur_start_ms" "$nginx_start_ms")"
