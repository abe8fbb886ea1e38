# Shared by the bench scripts: a scratch directory, child processes stopped on exit,
# loopback ports, and readers for wrk's report. Source it after `cd` to the repository.

# bench_setup NAME: creates $work_dir and stops every pid in $pids when the script ends.
bench_setup() {
    work_dir="$(mktemp -d "/tmp/facteur-bench-$1.XXXXXX")"
    pids=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 0.2
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work_dir"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for URL: up to 10 s for a 2xx answer.
wait_for() {
    for _ in $(seq 1 200); do
        curl -fs "$1" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "no answer from $1" >&2
    return 1
}

# wrk's "99%" latency line in milliseconds.
p99_ms() {
    awk '$1 == "99%" {
        value = $2; unit = value; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", value)
        factor = (unit == "us") ? 0.001 : (unit == "s") ? 1000 : (unit == "m") ? 60000 : 1
        printf "%.2f", value * factor
    }' "$1"
}

rate() { awk '/Requests\/sec/ { printf "%.0f", $2 }' "$1"; }

non_2xx() { awk '/Non-2xx or 3xx responses/ { n = $5 } END { print n + 0 }' "$1"; }

# nginx_conf SERVER_BLOCK: a foreground nginx configuration in $work_dir whose one http
# server is SERVER_BLOCK; connections stay alive for the whole run, as facteur's do.
nginx_conf() {
    cat <<NGINX
worker_processes auto;
daemon off;
pid $work_dir/nginx.pid;
error_log $work_dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $work_dir;
    proxy_temp_path $work_dir;
    fastcgi_temp_path $work_dir;
    uwsgi_temp_path $work_dir;
    scgi_temp_path $work_dir;
    default_type application/json;
$1
}
NGINX
}
