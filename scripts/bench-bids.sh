#!/usr/bin/env bash
# The deadline benchmark of docs/benchmarks.md (section "Bids in the last
# minute", issue 13), run by `make bench` after scripts/bench.sh (make has
# built bin/tjenestevalg; this script builds nothing). For SQLite and then
# PostgreSQL (skipped with a message when it cannot be reached) it:
#
#   1. makes a fresh database with the collaboration "bench", and with
#      'bench bids-setup' 200 supplier organisations (valid organisation
#      numbers), one supplier user each, and one open tender published with
#      its deadline BIDS_DEADLINE_IN from then, its key wrapped by a server
#      key file made for the run;
#   2. starts a server on it (same key file);
#   3. runs 'bench bids': the 200 users log in, then each sends one bid
#      (price form and one or two PDF files, 50 MB in all) at its time in
#      the last 60 s before the deadline through the portal's bid form,
#      reads its receipt; one more bid goes 1 s after the deadline; then
#      the database is read: every receipted bid stored with its digest,
#      none received late, the late one refused, the access log intact;
#
# and prints the figures against the target (p95 receipt time 1 s).
#
# Knobs (environment): BIDS_SUPPLIERS (200), BIDS_BYTES (50000000),
# BIDS_WINDOW (60s), BIDS_DEADLINE_IN (150s: room for the server to start
# and the logins before the window), BIDS_BURST=1 (more bids toward the
# deadline), BENCH_SEED (1), BENCH_POSTGRES_DSN (as in scripts/bench.sh; the
# benchmark's database is tjenestevalg_bench), BENCH_SKIP_POSTGRES=1,
# BENCH_OUT (a directory to keep the JSON results in).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
bench_init

SUPPLIERS=${BIDS_SUPPLIERS:-200}
BYTES=${BIDS_BYTES:-50000000}
WINDOW=${BIDS_WINDOW:-60s}
DEADLINE_IN=${BIDS_DEADLINE_IN:-150s}
SEED=${BENCH_SEED:-1}
PASSWORD=bids-password-$$
TARGET_P95_MS=1000
burst=()
if [[ ${BIDS_BURST:-0} == 1 ]]; then burst=(--burst); fi

export TJENESTEVALG_LOG_LEVEL=warn TJENESTEVALG_PASSWORD=$PASSWORD

declare -A result

# run_backend BACKEND runs the benchmark on one database.
run_backend() {
	local b=$1 db key=$tmp/$1-bid.key
	case $b in
	sqlite) db=$tmp/bids.db ;;
	postgres)
		psql -q -X -v ON_ERROR_STOP=1 "$PG_ADMIN_DSN" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >&2 || return 1
		db=$PG_DSN
		;;
	esac
	log "$b: $SUPPLIERS suppliers and a tender with its deadline in $DEADLINE_IN"
	# run_backend runs with errexit off (its caller tests it): each
	# step that must work returns.
	"$BIN" collaboration create --db "$db" --slug bench --name "Benchmark" --empty >&2 || return 1
	"$BIN" bench bids-setup --db "$db" --bid-key-file "$key" --collaboration bench --suppliers "$SUPPLIERS" \
		--deadline-in "$DEADLINE_IN" --json >"$out/$b-setup.json" || return 1
	cat "$out/$b-setup.json" >&2
	local tender
	tender=$(jval "$out/$b-setup.json" tender)

	local port url i
	port=$(free_port) || return 1
	url=http://127.0.0.1:$port
	"$BIN" serve --db "$db" --bid-key-file "$key" --addr "127.0.0.1:$port" --base-url "$url" >"$tmp/serve-$b.log" 2>&1 &
	server_pid=$!
	for i in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
		if ! kill -0 "$server_pid" 2>/dev/null || [[ $i == 100 ]]; then
			cat "$tmp/serve-$b.log" >&2
			echo "bench-bids.sh: the server did not start" >&2
			return 1
		fi
		sleep 0.1
	done

	log "$b: $SUPPLIERS bids, $BYTES bytes, in the $WINDOW before the deadline of tender $tender (load $(cut -d' ' -f1-3 /proc/loadavg))"
	local status=0
	"$BIN" bench bids --url "$url" --tender "$tender" --suppliers "$SUPPLIERS" --bytes "$BYTES" --window "$WINDOW" \
		--seed "$SEED" "${burst[@]}" --db "$db" --bid-key-file "$key" --collaboration bench --pid "$server_pid" \
		--json >"$out/$b-bids.json" || status=$?
	cat "$out/$b-bids.json" >&2
	if [[ $status != 0 ]]; then failed=1; fi
	kill "$server_pid"
	wait "$server_pid" 2>/dev/null || true
	server_pid=""
	if grep -q 'level=ERROR' "$tmp/serve-$b.log"; then
		echo "bench-bids.sh: $b: the server logged errors:" >&2
		grep 'level=ERROR' "$tmp/serve-$b.log" | head -n 5 >&2
	fi

	local j=$out/$b-bids.json k
	for k in ok refused lost mb throughput_mb_s p50_ms p95_ms max_ms submit_p95_ms login_s server_cpu_s server_cpu_bids_s late_refused late_status \
		current matched missing late_stored log_intact; do
		result[$b:$k]=$(jval "$j" "$k")
	done
	for k in p50_ms p95_ms max_ms submit_p95_ms; do result[$b:$k]=$(calc "${result[$b:$k]}" 0); done
	for k in mb throughput_mb_s login_s server_cpu_s server_cpu_bids_s; do result[$b:$k]=$(calc "${result[$b:$k]}" 1); done
	result[$b:throughput_mb_s]=$(calc "$(jval "$j" throughput_mb_s)")
	result[$b:peak_mib]=$(calc "$(jval "$j" server_peak_rss_bytes) / 1048576" 0)
	result[$b:ratio]=$(calc "${result[$b:p95_ms]} / $TARGET_P95_MS")
	result[$b:passed]=$([[ $status == 0 ]] && echo yes || echo NO)
	result[$b:load]=$(cut -d' ' -f1 /proc/loadavg)
}

bench_postgres

start=$(date +%s)
failed=0
for b in "${backends[@]}"; do
	run_backend "$b" || failed=1
done

row() { # LABEL KEY
	local line b
	line=$(printf '%-46s' "$1")
	for b in sqlite postgres; do
		line+=$(printf '%12s' "${result[$b:$2]:--}")
	done
	printf '%s\n' "$line"
}

echo
echo "Bids in the last minute: $SUPPLIERS suppliers, $BYTES bytes of PDF files, window $WINDOW${burst:+ (burst)}, seed $SEED"
echo "$(machine), $(($(date +%s) - start)) s"
printf '%-46s%12s%12s\n' "figure" "sqlite" "postgres"
row "every bid receipted and stored, late refused" passed
row "receipted (of $SUPPLIERS)" ok
row "refused" refused
row "lost" lost
row "p95 receipt time ms (target $TARGET_P95_MS)" p95_ms
row "  ratio p95 / target" ratio
row "p50 receipt time ms" p50_ms
row "max receipt time ms" max_ms
row "p95 form answer ms (the receipt, or a redirect)" submit_p95_ms
row "MB receipted" mb
row "throughput MB/s (first send to last receipt)" throughput_mb_s
row "bid 1 s after the deadline refused" late_refused
row "  its HTTP status" late_status
row "database: current bids" current
row "database: matching their receipts" matched
row "database: receipted but missing" missing
row "database: received at or after the deadline" late_stored
row "access log chain intact" log_intact
row "logins before the window s" login_s
row "server CPU s (logins included)" server_cpu_s
row "server CPU s (after the logins: the bids)" server_cpu_bids_s
row "server peak memory MiB" peak_mib
row "load average (1 min) after" load
results_note
exit $failed
