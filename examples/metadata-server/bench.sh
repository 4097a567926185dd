#!/usr/bin/env bash
# bench.sh measures the server with loadgen: PATCHes a second and their
# p50/p99 latency, on SQLite, and on PostgreSQL with one and three
# replicas, for each lock mode, with synchronous_commit on (PostgreSQL's
# default: a commit waits for its WAL to reach the disk) and off (it does
# not: like SQLite's synchronous=NORMAL, a crash of the machine may undo
# the last commits, never corrupt). Everything runs on loopback and is removed
# afterwards: a throwaway PostgreSQL cluster (Debian's postgresql-15, run as
# the postgres user when this runs as root), the server's binary, and a
# temporary SQLite file.
#
# Usage, from examples/metadata-server:  bash bench.sh [N] [CLIENTS] [USERS]
# (defaults: 20000 PATCHes, 50 clients, 4 users)
set -euo pipefail
cd "$(dirname "$0")"

n=${1:-20000}
clients=${2:-50}
users=${3:-4}
pgbin=/usr/lib/postgresql/15/bin

dir=$(mktemp -d /tmp/mdbench.XXXXXX)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ -f "$dir/data/postmaster.pid" ]; then as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
	rm -rf "$dir"
}
trap cleanup EXIT

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

go build -o "$dir/metadata-server" .
go build -o "$dir/loadgen" ./loadgen

# A cluster with PostgreSQL's defaults (fsync on, synchronous_commit on),
# on a Unix socket in $dir only.
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
as_pg "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/data/pg.log" -w -o "-k $dir -c listen_addresses= -c max_connections=100" start >/dev/null

# serve NAME [FLAGS...]: start a replica on a free port, and set $url to
# its URL.
serve() {
	local name=$1 addr; shift
	"$dir/metadata-server" -addr 127.0.0.1:0 "$@" >/dev/null 2>"$dir/$name.log" &
	pids+=($!)
	for _ in $(seq 300); do
		if addr=$(grep -o 'msg=listening addr=[0-9.:]*' "$dir/$name.log" 2>/dev/null); then
			url="http://${addr#msg=listening addr=}"
			return
		fi
		sleep 0.1
	done
	echo "replica $name did not start:" >&2; cat "$dir/$name.log" >&2; exit 1
}

# stop_all: stop the replicas of the last run.
stop_all() {
	for pid in "${pids[@]}"; do kill "$pid"; done
	wait "${pids[@]}" 2>/dev/null || true
	pids=()
}

load() {
	printf '%-32s ' "$1"; shift
	"$dir/loadgen" -n "$n" -clients "$clients" -users "$users" -targets "$1"
}

# newdb SYNC: create a database, and set $pg to its URL, with
# synchronous_commit SYNC.
db=0
newdb() {
	db=$((db + 1))
	as_pg "$pgbin/psql" -q -h "$dir" -U postgres -c "CREATE DATABASE bench$db" postgres
	pg="postgres://postgres@/bench$db?host=$dir&synchronous_commit=$1"
}

echo "# $(go version | cut -d' ' -f3), $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

serve sqlite -db "$dir/users.db"
load "sqlite, 1 server" "$url"
stop_all

for sync in on off; do
	for lock in row version; do
		newdb "$sync"
		serve pg1 -db "$pg" -pg-lock "$lock"
		load "pg $lock sync=$sync, 1 replica" "$url"
		stop_all

		newdb "$sync"
		serve pgA -db "$pg" -pg-lock "$lock"; a=$url
		serve pgB -db "$pg" -pg-lock "$lock"; b=$url
		serve pgC -db "$pg" -pg-lock "$lock"; c=$url
		load "pg $lock sync=$sync, 3 replicas" "$a,$b,$c"
		stop_all
	done
done
