#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the store tests, from Debian's postgresql package.
#
#   scripts/postgres-test-server.sh start STATE_DIR   initdb into a new temporary folder, start the server on a
#                                                     free port with trust authentication, create the database
#                                                     `unstuck_test`; writes STATE_DIR/connection (a libpq
#                                                     connection string) and prints it
#   scripts/postgres-test-server.sh stop STATE_DIR    stops that server and removes its folders
#
# Run as root, the server runs as the unprivileged `postgres` user (PostgreSQL refuses to run as root).
# PG_BIN overrides where initdb and pg_ctl are (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

usage() {
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
}
[[ $# -eq 2 ]] || usage
command=$1
state_dir=$2

pg_bin=${PG_BIN:-}
if [[ -z $pg_bin ]]; then
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x $dir/initdb ]] && pg_bin=$dir
    done
fi
if [[ -z $pg_bin || ! -x $pg_bin/initdb || ! -x $pg_bin/pg_ctl ]]; then
    echo "postgres-test-server: initdb and pg_ctl not found under /usr/lib/postgresql/*/bin" \
        "(install the postgresql package: scripts/setup.sh)" >&2
    exit 1
fi

# Runs a PostgreSQL program as the server's owner.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop() {
    [[ -f $state_dir/datadir ]] || return 0
    local data_root
    data_root=$(cat "$state_dir/datadir")
    if [[ -f $data_root/data/postmaster.pid ]]; then
        as_owner "$pg_bin/pg_ctl" -D "$data_root/data" -m fast -w stop >/dev/null 2>&1 ||
            as_owner "$pg_bin/pg_ctl" -D "$data_root/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case $data_root in
        */unstuck-pg.*) rm -rf "$data_root" ;;
    esac
    rm -f "$state_dir/datadir" "$state_dir/connection"
}

start() {
    mkdir -p "$state_dir"
    stop  # a server left over from an interrupted run
    # The data lives under /tmp so the unprivileged owner can reach it whatever the build folder's parents allow.
    local data_root
    data_root=$(mktemp -d /tmp/unstuck-pg.XXXXXX)
    echo "$data_root" >"$state_dir/datadir"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$data_root"
    fi
    if ! as_owner "$pg_bin/initdb" -D "$data_root/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        >"$data_root/initdb.log" 2>&1; then
        echo "postgres-test-server: initdb failed:" >&2
        tail -n 20 "$data_root/initdb.log" >&2
        exit 1
    fi
    local port started=
    for _ in $(seq 1 20); do
        port=$((20000 + RANDOM % 40000))
        # Skip ports something already listens on; pg_ctl still fails cleanly if one is taken meanwhile.
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            continue
        fi
        if as_owner "$pg_bin/pg_ctl" -D "$data_root/data" -l "$data_root/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $data_root -c fsync=off -c max_connections=100" \
            start >/dev/null 2>&1; then
            started=1
            break
        fi
    done
    if [[ -z $started ]]; then
        echo "postgres-test-server: the server did not start:" >&2
        tail -n 20 "$data_root/server.log" >&2 || true
        exit 1
    fi
    if ! "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres unstuck_test; then
        echo "postgres-test-server: could not create the database unstuck_test" >&2
        exit 1
    fi
    local connection="host=127.0.0.1 port=$port dbname=unstuck_test user=postgres"
    echo "$connection" >"$state_dir/connection"
    echo "$connection"
}

case $command in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
