# The setup the benchmark scripts share; sourced, not run. After
# bench_init the script runs from the repository's root with:
#
#   BIN         the binary (make has built it; a script builds nothing),
#   tmp         its temporary directory, removed on exit,
#   out         BENCH_OUT or $tmp/results: where the JSON results go,
#   server_pid  set by the script while a server runs: stopped on exit,
#
# and the helpers below. bench_postgres adds the PostgreSQL settings and
# picks the databases to run on.

# bench_init checks the binary and makes the temporary directory.
bench_init() {
	BENCH_NAME=$(basename "$0")
	cd "$(dirname "${BASH_SOURCE[0]}")/.."
	BIN=${BIN:-bin/tjenestevalg}
	if [[ ! -x $BIN ]]; then
		echo "$BENCH_NAME: $BIN missing; run 'make bench' (or 'make build') first" >&2
		exit 1
	fi
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/tjenestevalg-${BENCH_NAME%.sh}.XXXXXX")
	out=${BENCH_OUT:-$tmp/results}
	mkdir -p "$out"
	server_pid=""
	pg_created=""
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

# bench_cleanup stops the server, drops the benchmark's PostgreSQL database
# if it was made, and removes the temporary directory.
bench_cleanup() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	if [[ -n $pg_created ]]; then
		psql -q -X "$PG_ADMIN_DSN" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}

# bench_postgres sets PG_ADMIN_DSN (BENCH_POSTGRES_DSN: an existing
# database to connect to for creating and dropping the benchmark's own),
# PG_DB and PG_DSN (the benchmark's database beside it), and backends:
# sqlite, and postgres unless BENCH_SKIP_POSTGRES=1 or it cannot be
# reached (said with a message).
bench_postgres() {
	PG_ADMIN_DSN=${BENCH_POSTGRES_DSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
	PG_DB=tjenestevalg_bench
	local base=${PG_ADMIN_DSN%%\?*} query=""
	if [[ $PG_ADMIN_DSN == *\?* ]]; then query="?${PG_ADMIN_DSN#*\?}"; fi
	PG_DSN="${base%/*}/$PG_DB$query"
	backends=(sqlite)
	if [[ ${BENCH_SKIP_POSTGRES:-} == 1 ]]; then
		echo "$BENCH_NAME: PostgreSQL skipped (BENCH_SKIP_POSTGRES=1)" >&2
	elif ! command -v psql >/dev/null; then
		echo "$BENCH_NAME: PostgreSQL skipped: psql is not installed" >&2
	elif ! psql -q -X "$PG_ADMIN_DSN" -c 'SELECT 1' >/dev/null 2>&1; then
		echo "$BENCH_NAME: PostgreSQL skipped: cannot connect to ${PG_ADMIN_DSN%%@*}@${PG_ADMIN_DSN#*@}" >&2
	else
		backends+=(postgres)
		pg_created=1 # bench_cleanup drops the benchmark's database
	fi
}

log() { printf '\n== %s\n' "$*" >&2; }

# calc EXPR [DECIMALS] evaluates a floating-point expression with awk
# (2 decimals unless told).
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }

# jval FILE KEY prints the first value stored under "KEY" (a number, true,
# false, null or a string) in indented JSON (one key a line), as the
# commands' --json write it.
jval() { sed -n "s/^ *\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -n 1; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }

# free_port prints a loopback port nobody listens on.
free_port() {
	local p
	for p in $(seq 18931 18999); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "$BENCH_NAME: no free port in 18931-18999" >&2
	return 1
}

# machine prints the cores, the CPU and the time, for a summary.
machine() {
	echo "$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(date -u +%Y-%m-%dT%H:%MZ)"
}

# results_note says where the JSON results are.
results_note() {
	echo "JSON results: $out$([[ -z ${BENCH_OUT:-} ]] && echo ' (removed on exit; set BENCH_OUT to keep them)')"
}
