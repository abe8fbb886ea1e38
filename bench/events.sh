#!/usr/bin/env bash
# Measures POST /events end to end (issue 4): every request is a fresh CommandEvent (distinct
# interaction_id), so facteur decodes it, claims it in a real redis-server, creates the
# Workflow in a Kubernetes stand-in (nginx answering the create with a canned 201 Workflow)
# and writes the session; reported beside nginx's own rate for a static JSON body, same run.
#   - events/s and p99 latency (wrk -t1 -c64 -d5s --latency, bench/events.lua)
#   - nginx static requests/s (wrk -t1 -c64 -d5s)
# Goals: events/s >= 0.5 x nginx static rate, p99 <= 10 ms.
# Everything listens on 127.0.0.1 and stops when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

duration="${BENCH_DURATION:-5s}"
connections="${BENCH_CONNECTIONS:-64}"
scratch="${BENCH_SCRATCH_PATH:-.build}"
source bench/lib.sh
bench_setup events

swift build -c release --static-swift-stdlib --product facteur --scratch-path "$scratch" >/dev/null
facteur_binary="$scratch/release/facteur"

facteur_port="$(free_port)"
redis_port="$(free_port)"
nginx_port="$(free_port)"

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$work_dir" --logfile "$work_dir/redis.log" &
pids+=($!)

# The Kubernetes stand-in: a create answers 201 with a stored-looking Workflow, as the
# API server would; /version answers readiness; a list answers empty (no runs to resume).
metadata='"name":"plan-20261203-140509-bench","namespace":"facteur","resourceVersion":"1","generation":1'
metadata+=',"uid":"6f0c1c52-4b1e-4b8e-9d0e-3c2a1f0e9b7d","creationTimestamp":"2026-12-03T14:05:09Z"'
metadata+=',"labels":{"app.kubernetes.io/managed-by":"facteur","facteur/command":"plan"}'
workflow='{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{'"$metadata"'}'
workflow+=',"spec":{"workflowTemplateRef":{"name":"facteur-dispatch"}}}'
empty_list='{"kind":"WorkflowList","apiVersion":"argoproj.io/v1alpha1","metadata":{"resourceVersion":"1"},"items":[]}'
server_block="$(cat <<NGINX
    server {
        listen 127.0.0.1:$nginx_port;
        location ~ ^/apis/argoproj\.io/v1alpha1/namespaces/[^/]+/workflows\$ {
            if (\$request_method = POST) {
                return 201 '$workflow';
            }
            return 200 '$empty_list';
        }
        location = /version {
            return 200 '{"major":"1","minor":"30","gitVersion":"v1.30.0"}';
        }
        location = /static.json {
            return 200 '{"status":"ok"}';
        }
    }
NGINX
)"
nginx_conf "$server_block" >"$work_dir/nginx.conf"
nginx -c "$work_dir/nginx.conf" -e "$work_dir/nginx-error.log" &
pids+=($!)

cat >"$work_dir/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
current-context: bench
contexts:
- name: bench
  context:
    cluster: nginx
    user: bench
clusters:
- name: nginx
  cluster:
    server: http://127.0.0.1:$nginx_port
users:
- name: bench
  user:
    token: bench-token
KUBECONFIG

for _ in $(seq 1 100); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.05
done
wait_for "http://127.0.0.1:$nginx_port/version"

env -i PATH="$PATH" HOME="$HOME" \
    FACTEUR_SERVER_LISTEN_ADDRESS="127.0.0.1:$facteur_port" \
    FACTEUR_LOG_LEVEL=warning \
    FACTEUR_DISCORD_BOT_TOKEN=bench-bot-token \
    FACTEUR_DISCORD_APPLICATION_ID=123456789012345678 \
    FACTEUR_DISCORD_API_BASE_URL=http://127.0.0.1:9/api/v10 \
    FACTEUR_REDIS_URL="redis://127.0.0.1:$redis_port" \
    FACTEUR_KUBECONFIG="$work_dir/kubeconfig" \
    FACTEUR_ARGO_NAMESPACE=facteur \
    FACTEUR_ARGO_WORKFLOW_TEMPLATE=facteur-dispatch \
    FACTEUR_ARGO_WATCH=false \
    FACTEUR_ROLE_MAP='{}' \
    "$facteur_binary" serve >"$work_dir/facteur.log" 2>&1 &
facteur_pid=$!
pids+=("$facteur_pid")
wait_for "http://127.0.0.1:$facteur_port/readyz"

# One event by hand first: the pipeline must answer 202, or the figures mean nothing.
probe='{"interactionId":"probe","command":"plan","options":{"objective":"probe"},"member":{"id":"111111111111111111"}}'
probe_status="$(curl -s -o "$work_dir/probe.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "$probe" "http://127.0.0.1:$facteur_port/events")"
if [[ "$probe_status" != 202 ]]; then
    echo "the probe event was answered $probe_status: $(cat "$work_dir/probe.json")" >&2
    exit 1
fi

export BENCH_RUN_ID="w$$-"
wrk -t1 -c"$connections" -d1s -s bench/events.lua "http://127.0.0.1:$facteur_port" >/dev/null
export BENCH_RUN_ID="m$$-"
wrk -t1 -c"$connections" -d"$duration" --latency -s bench/events.lua \
    "http://127.0.0.1:$facteur_port" >"$work_dir/events.txt"
wrk -t1 -c"$connections" -d"$duration" "http://127.0.0.1:$nginx_port/static.json" >"$work_dir/static.txt"

events_per_second="$(rate "$work_dir/events.txt")"
static_per_second="$(rate "$work_dir/static.txt")"
p99_ms="$(p99_ms "$work_dir/events.txt")"
failed="$(non_2xx "$work_dir/events.txt")"
socket_errors="$(awk '/Socket errors/ { print $0 }' "$work_dir/events.txt")"
stored_keys="$(redis-cli -p "$redis_port" dbsize)"

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf '/events end to end, distinct events (wrk -t1 -c%s -d%s --latency)\n' "$connections" "$duration"
printf '  facteur  %10.0f events/s\n' "$events_per_second"
printf '  p99      %10s ms (goal <= 10)\n' "$p99_ms"
printf '  non-2xx  %10s\n' "${failed:-0}"
[[ -n "$socket_errors" ]] && printf '  %s\n' "$socket_errors"
printf '  redis    %10s keys after the run\n' "$stored_keys"
printf 'nginx static JSON (wrk -t1 -c%s -d%s)\n' "$connections" "$duration"
printf '  nginx    %10.0f req/s\n' "$static_per_second"
printf 'ratio      %10s (goal >= 0.5)\n' "$(ratio "$events_per_second" "$static_per_second")"
