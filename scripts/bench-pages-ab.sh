#!/usr/bin/env bash
# bench-pages-ab.sh OLD NEW compares two binaries on the pages rendered
# anew (docs/benchmarks.md, "Pages rendered anew"): both serve the same
# imported national data set, and the fresh loads of /services and of the
# service page with 357 municipalities alternate between them, so that both
# see the same busy machine. Each line: p50, p95, server CPU and (on
# PostgreSQL) the backends' CPU a request, and the page's bytes.
#
# BENCH_BACKENDS ("sqlite postgres"), BENCH_ROUNDS (3), BENCH_DURATION
# (10s), BENCH_WARMUP (2s), BENCH_CONCURRENCY (20), BENCH_POSTGRES_DSN (the
# database to connect to for creating its own, tjenestevalg_pages_ab).
set -euo pipefail

if [[ $# -ne 2 || ! -x $1 || ! -x $2 ]]; then
	echo "usage: $0 OLD-BINARY NEW-BINARY" >&2
	exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
concurrency=${BENCH_CONCURRENCY:-20}
pg_admin=${BENCH_POSTGRES_DSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
pg_db=tjenestevalg_pages_ab
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tjenestevalg-pages-ab.XXXXXX")
pids=()
pg_created=""

cleanup() {
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	pids=()
	if [[ -n $pg_created ]]; then
		psql -q -X "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$new" bench generate --municipalities 357 --services 230 --seed 1 --out "$tmp/national" >/dev/null

# pg_ticks prints the CPU time, in 1/100 s, of the backends serving the
# benchmark's database (0 on SQLite, whose work is in the server's time).
pg_ticks() {
	local t=0 s pid
	if [[ $backend != postgres ]]; then
		echo 0
		return
	fi
	for pid in $(psql -qtAX "$pg_admin" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$pg_db'"); do
		s=$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null) || continue
		t=$((t + $(awk '{ print $12 + $13 }' <<<"$s")))
	done
	echo "$t"
}

# load LABEL PORT PID PATH runs one fresh load and prints its line.
load() {
	local d0 d1 json
	d0=$(pg_ticks)
	json=$("$new" bench load --url "http://127.0.0.1:$2" --email bench@example.no --password benchmark-password \
		--path "$4" --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" --timeout 60s --pid "$3" --fresh --json)
	d1=$(pg_ticks)
	python3 - "$1" "$backend" "$4" "$((d1 - d0))" "$json" <<'EOF'
import json, sys, time
label, backend, path, ticks, d = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5])
p = d["paths"][0]
load = open("/proc/loadavg").read().split()[0]
print("%s %-8s load %5s %-6s %-34s n=%5d p50=%7.1f p95=%7.1f server_cpu_ms=%5.2f pg_cpu_ms=%5.2f bytes=%d" % (
    time.strftime("%H:%M:%S", time.gmtime()), backend, load, label, path, p["requests"], p["p50_ms"], p["p95_ms"],
    d["server_cpu_ms_per_request"], ticks * 10.0 / d["sent"], p["bytes"]))
EOF
}

for backend in ${BENCH_BACKENDS:-sqlite postgres}; do
	if [[ $backend == sqlite ]]; then
		db="$tmp/old.db"
	else
		if ! psql -q -X "$pg_admin" -c "SELECT 1" >/dev/null 2>&1; then
			echo "PostgreSQL not reachable at $pg_admin: skipped" >&2
			continue
		fi
		psql -q -X "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null
		psql -q -X "$pg_admin" -c "CREATE DATABASE $pg_db" >/dev/null
		pg_created=1
		db="postgres://postgres@127.0.0.1:5432/$pg_db?sslmode=disable"
	fi
	"$old" collaboration create --db "$db" --slug bench --name Benchmark --empty >/dev/null
	"$old" user add --db "$db" --collaboration bench --email bench@example.no --name "Benchmark Lead" \
		--role programme_lead --password benchmark-password >/dev/null
	"$old" import --db "$db" --collaboration bench "$tmp/national/services.csv" "$tmp/national/municipalities.csv" \
		"$tmp/national/facts.csv" >/dev/null 2>&1
	newdb=$db
	if [[ $backend == sqlite ]]; then
		cp "$db" "$tmp/new.db"
		newdb="$tmp/new.db"
	fi
	# serve BINARY DB PORT starts a server and waits until it answers.
	serve() {
		"$1" serve --db "$2" --bid-key-file "$tmp/bid.key" --addr "127.0.0.1:$3" --base-url "http://127.0.0.1:$3" \
			>"$tmp/serve-$3.log" 2>&1 &
		pids+=("$!")
		for _ in $(seq 100); do
			curl -s -o /dev/null "http://127.0.0.1:$3/login" && return
			sleep 0.2
		done
		echo "server on port $3 did not start:" >&2
		cat "$tmp/serve-$3.log" >&2
		exit 1
	}
	serve "$old" "$db" 18971
	old_pid=${pids[-1]}
	serve "$new" "$newdb" 18972
	new_pid=${pids[-1]}
	for _ in $(seq "$rounds"); do
		for path in /services /services/politisk-saksbehandling; do
			load old 18971 "$old_pid" "$path"
			load new 18972 "$new_pid" "$path"
		done
	done
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	pids=()
done
