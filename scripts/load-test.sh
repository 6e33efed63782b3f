#!/usr/bin/env bash
# Load of `unstuck serve`, measured (not a CI test): a release build serving on 127.0.0.1 over a SQLite store in
# a temporary folder, driven by wrk (Debian package) with the Lua scripts in scripts/load/.
#
#   scripts/load-test.sh [reads|submissions|webhooks|scheduler|all]     default: all
#
#   reads        GET /v1/orders/{order_key} at random over the seeded orders, in rounds of ROUND_S seconds until
#                READS requests were answered; RSS of the server before and after each round
#   submissions  POST /v1/orders, one order case a request (decided and recorded again), for DURATION_S seconds
#   webhooks     POST /v1/webhooks/replay, signed pushes, each a new delivery, for DURATION_S seconds
#   scheduler    SCHED_ORDERS stored orders made due at once, re-checked by the scheduler of a fresh server:
#                orders per second and RSS while it works
#
# Environment: BUILD (default build/release; build it with `cmake --build --preset release --target unstuck`),
# ORDERS (seeded orders, default 1000), READS (default 1000000), ROUND_S (default 30), DURATION_S (default 30),
# THREADS (wrk threads, default 2), CONNECTIONS (default 32), SERVE_THREADS (default 8), SCHED_ORDERS (default
# 100000), SCHED_SAME_INSTANT=1 (every order due at the same instant rather than a microsecond apart). Each wrk
# round prints one JSON line: requests, seconds, rps, p50_ms, p99_ms, max_ms, errors (status counts answers that
# are not 2xx or 3xx).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build/release}
exe=$build/bin/unstuck
plugins=$build/lib/unstuck/plugins
orders=${ORDERS:-1000}
reads=${READS:-1000000}
round_s=${ROUND_S:-30}
duration_s=${DURATION_S:-30}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
serve_threads=${SERVE_THREADS:-8}
sched_orders=${SCHED_ORDERS:-100000}
what=${1:-all}

command -v wrk > /dev/null || { echo "load-test: wrk not found (apt-get install wrk)" >&2; exit 2; }
[[ -x $exe ]] || { echo "load-test: $exe not built (cmake --build --preset release --target unstuck)" >&2; exit 2; }

work=$(mktemp -d /tmp/unstuck-load.XXXXXX)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2> /dev/null || true
        wait "$server_pid" 2> /dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

token=load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
secret=hook-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export UNSTUCK_SERVE_TOKEN_LOAD=$token UNSTUCK_SERVE_SCOPES_LOAD=read,write
export LOAD_TOKEN=$token LOAD_SECRET=$secret LOAD_ORDERS=$orders

# config DIR SCHEDULER_ENABLED: a config in DIR with its own store and outbox.
config() {
    local dir=$1 scheduler=$2
    mkdir -p "$dir"
    cat > "$dir/config.json" << EOF
{"plugin_dirs": ["$plugins"], "store": {"sqlite": "$dir/store.db"},
 "routes": [{"backend": "outbox"}], "plugins": {"outbox": {"dir": "$dir/outbox"}},
 "secrets": {"replay": {"webhook_secret": "$secret"}},
 "sweep": {"evidence_dir": "$dir/evidence"}, "log": {"level": "warn", "json": true},
 "serve": {"threads": $serve_threads, "max_queued": 1024, "rate_limit": {"requests_per_second": 0},
           "scheduler": {"enabled": $scheduler}}}
EOF
}

# start DIR [ARGS...]: starts the server on a free port; sets server_pid and base.
start() {
    local dir=$1
    shift
    rm -f "$dir/port"
    "$exe" --config "$dir/config.json" serve --listen 127.0.0.1:0 --port-file "$dir/port" "$@" 2> "$dir/stderr" &
    server_pid=$!
    for _ in $(seq 200); do
        [[ -s $dir/port ]] && break
        sleep 0.05
    done
    [[ -s $dir/port ]] || { echo "load-test: the server did not start:" >&2; cat "$dir/stderr" >&2; exit 1; }
    base=http://127.0.0.1:$(cat "$dir/port")
}

stop() {
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=
}

rss_kib() { ps -o rss= -p "$server_pid" | tr -d ' '; }

# The case of order load-I, picked up two hours before the instant it is decided at.
order_case() {
    printf '{"order_id":"load-%s","shop_id":"42","region":"US","shipping_type":"PLATFORM","platform_status":"AWAITING_COLLECTION","packages":[{"package_id":"Pload-%s","tracking_number":"1Zload-%s","carrier":"ups","events":[{"at":"2024-07-15T14:00:00Z","status":"PICKED_UP","code":"PU","description":"Picked up"}]}]}' "$1" "$1" "$1"
}

# seed: submits ORDERS orders through the API, 1000 a request.
seed() {
    local i=0
    while ((i < orders)); do
        local body='{"orders":[' sep=''
        local end=$((i + 1000 < orders ? i + 1000 : orders))
        for ((k = i; k < end; k++)); do
            body+=$sep$(order_case "$k")
            sep=,
        done
        body+=']}'
        curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            --data-binary @- "$base/v1/orders" <<< "$body" || { echo "load-test: seeding failed" >&2; exit 1; }
        i=$end
    done
}

wrk_round() {  # SCRIPT SECONDS
    wrk -t"$threads" -c"$connections" -d"$2"s --latency -s "$root/scripts/load/$1" "$base" | grep '^{'
}

run_http() {
    config "$work/http" false
    start "$work/http"
    seed
    echo "# server: $exe, $serve_threads request threads; wrk: $threads threads, $connections connections; $orders orders seeded"
    echo "# RSS after seeding: $(rss_kib) KiB"
    if [[ $what == all || $what == reads ]]; then
        echo "# reads: GET /v1/orders/{order_key}, rounds of ${round_s} s until $reads requests"
        local total=0 line
        while ((total < reads)); do
            local before
            before=$(rss_kib)
            line=$(wrk_round reads.lua "$round_s")
            total=$((total + $(sed -E 's/.*"requests":([0-9]+).*/\1/' <<< "$line")))
            echo "$line rss_kib_before=$before rss_kib_after=$(rss_kib) total=$total"
        done
    fi
    if [[ $what == all || $what == submissions ]]; then
        echo "# submissions: POST /v1/orders, ${duration_s} s"
        local before
        before=$(rss_kib)
        echo "$(wrk_round submit.lua "$duration_s") rss_kib_before=$before rss_kib_after=$(rss_kib)"
    fi
    if [[ $what == all || $what == webhooks ]]; then
        echo "# webhooks: POST /v1/webhooks/replay (signed, each a new delivery), ${duration_s} s"
        local before
        before=$(rss_kib)
        echo "$(wrk_round webhook.lua "$duration_s") rss_kib_before=$before rss_kib_after=$(rss_kib)"
    fi
    stop
}

# The scheduler's re-check rate: SCHED_ORDERS orders decided (WAIT) by a sweep, all made due at T1 + 1 min, then
# a server at T1 + 2 min re-checks them by itself (each still waits: the pickup is 2 hours old).
run_scheduler() {
    local dir=$work/scheduler
    config "$dir" true
    for ((k = 0; k < sched_orders; k++)); do order_case "$k"; echo; done > "$dir/orders.jsonl"
    "$exe" --config "$dir/config.json" sweep --orders "$dir/orders.jsonl" --now 2024-07-15T16:00:00Z > /dev/null
    python3 - "$dir/store.db" "${SCHED_SAME_INSTANT:-0}" << 'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
due = 1721059260000000  # 2024-07-15T16:01:00Z in microseconds
# Each order due a microsecond after the one before, or (SCHED_SAME_INSTANT=1) all at the same instant.
step = 0 if sys.argv[2] == "1" else 1
db.execute("UPDATE orders SET next_check_at = ? + rowid * ?", (due, step))
db.commit()
EOF
    local started
    started=$(date +%s.%N)
    start "$dir" --now 2024-07-15T16:02:00Z
    local decided=0 peak=0 rss
    echo "# scheduler: $sched_orders due orders; seconds, decided, RSS KiB"
    while ((decided < sched_orders)); do
        sleep 1
        decided=$(curl -s "$base/metrics" | sed -nE 's/^unstuck_sweep_orders_total\{outcome="decided"\} ([0-9.e+]+).*/\1/p' |
            awk '{printf "%d", $1}')
        decided=${decided:-0}
        rss=$(rss_kib)
        ((rss > peak)) && peak=$rss
        printf '%.1f %s %s\n' "$(echo "$(date +%s.%N) - $started" | bc)" "$decided" "$rss"
    done
    local seconds
    seconds=$(echo "$(date +%s.%N) - $started" | bc)
    printf '{"scheduler_orders":%d,"seconds":%.1f,"orders_per_s":%.0f,"peak_rss_kib":%d}\n' "$sched_orders" \
        "$seconds" "$(echo "$sched_orders / $seconds" | bc -l)" "$peak"
    stop
}

case $what in
    reads | submissions | webhooks) run_http ;;
    scheduler) run_scheduler ;;
    all)
        run_http
        run_scheduler
        ;;
    *)
        echo "usage: $0 [reads|submissions|webhooks|scheduler|all]" >&2
        exit 2
        ;;
esac
