#!/usr/bin/env bash
# The event-log benchmark of docs/benchmarks.md (section "Event logs",
# issue 15), run by `make bench` after scripts/bench-bids.sh (make has built
# bin/tjenestevalg; this script builds nothing). It:
#
#   1. generates an XES log of EVENTLOG_XES_SIZE (100MB, about 200 000
#      events) with 'bench eventlog-xes';
#   2. reads it EVENTLOG_RUNS times each, in turn, with
#      'xmllint --stream --noout' (Debian: libxml2-utils; skipped with a
#      message when missing) and with 'tjenestevalg eventlog stats --json',
#      both under 'bench time' (wall and CPU time, the kernel's peak
#      resident memory of the child), and checks that the statistics count
#      the events and cases the generator wrote;
#   3. generates a Noark 5 extract of EVENTLOG_NOARK_ENTRIES (100 000)
#      journal entries with 'bench noark' and reads it the same way;
#
# and prints each figure against its target: the stats run at most twice
# xmllint's time (best of the runs of each, and CPU time as well), its peak
# memory under 300 MiB, the Noark extract under 10 s.
#
# Knobs (environment): EVENTLOG_XES_SIZE (100MB), EVENTLOG_NOARK_ENTRIES
# (100000), EVENTLOG_RUNS (3), BENCH_SEED (1), BENCH_OUT (a directory to
# keep the JSON results in).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
bench_init

SIZE=${EVENTLOG_XES_SIZE:-100MB}
ENTRIES=${EVENTLOG_NOARK_ENTRIES:-100000}
RUNS=${EVENTLOG_RUNS:-3}
SEED=${BENCH_SEED:-1}
# The targets of issue 15.
TARGET_RATIO=2
TARGET_PEAK_MIB=300
TARGET_NOARK_S=10

declare -A result

# timed NAME COMMAND… runs COMMAND under 'bench time', keeping the figures
# in $out/NAME.json and the command's output in $out/NAME.out.
timed() {
	local name=$1
	shift
	if ! "$BIN" bench time --json -- "$@" >"$out/$name.json" 2>"$out/$name.out"; then
		tail -n 5 "$out/$name.out" >&2
		echo "bench-eventlog.sh: $name failed: $*" >&2
		return 1
	fi
}

# best NAME KEY prints the smallest KEY (wall_s, cpu_s, max_rss_bytes) over
# the runs NAME-1 … NAME-RUNS; cpu_s is user_s + sys_s.
best() {
	local i v m=""
	for i in $(seq 1 "$RUNS"); do
		if [[ $2 == cpu_s ]]; then
			v=$(calc "$(jval "$out/$1-$i.json" user_s) + $(jval "$out/$1-$i.json" sys_s)" 3)
		else
			v=$(jval "$out/$1-$i.json" "$2")
		fi
		if [[ -z $m ]] || awk "BEGIN { exit !($v < $m) }"; then m=$v; fi
	done
	echo "$m"
}

# most NAME KEY prints the largest KEY over the runs.
most() {
	local i v m=""
	for i in $(seq 1 "$RUNS"); do
		v=$(jval "$out/$1-$i.json" "$2")
		if [[ -z $m ]] || awk "BEGIN { exit !($v > $m) }"; then m=$v; fi
	done
	echo "$m"
}

# check_counts NAME GEN KEY… compares the KEYs (cases, events) of the
# stats output NAME.out with those the generator reported in GEN.
check_counts() {
	local name=$1 gen=$2 k want got
	shift 2
	for k in "$@"; do
		want=$(jval "$gen" "$k")
		got=$(jval "$out/$name.out" "$k")
		if [[ $want != "$got" ]]; then
			echo "bench-eventlog.sh: $name: $got $k, the generator wrote $want" >&2
			return 1
		fi
	done
}

# read_runs NAME GEN FILE [XMLLINT] reads FILE RUNS times with
# 'eventlog stats --json' (NAME-1 …), each run checked against the
# generator's counts in GEN, and keeps the best wall and CPU time and the
# highest peak memory as NAME_s, NAME_cpu, NAME_mib. With XMLLINT set,
# 'xmllint --stream --noout FILE' runs before each (xmllint-1 …), so that
# both readers meet the same load; the page cache is warm for both after
# the generator wrote the file.
read_runs() {
	local name=$1 gen=$2 file=$3 lint=${4:-} i
	for i in $(seq 1 "$RUNS"); do
		if [[ -n $lint ]]; then
			log "xmllint --stream --noout, run $i of $RUNS (load $(loadavg))"
			timed "xmllint-$i" xmllint --stream --noout "$file"
		fi
		log "eventlog stats --json ${file##*/}, run $i of $RUNS (load $(loadavg))"
		timed "$name-$i" "$BIN" eventlog stats --json "$file"
		check_counts "$name-$i" "$gen" cases events
	done
	result[${name}_s]=$(calc "$(best "$name" wall_s)")
	result[${name}_cpu]=$(calc "$(best "$name" cpu_s)")
	result[${name}_mib]=$(calc "$(most "$name" max_rss_bytes) / 1048576" 0)
}

start=$(date +%s)
xes=$tmp/bench.xes
log "generating an XES log of $SIZE (seed $SEED)"
"$BIN" bench eventlog-xes --out "$xes" --size "$SIZE" --seed "$SEED" --json >"$out/xes-generated.json"
cat "$out/xes-generated.json" >&2
result[xes_mb]=$(calc "$(stat -c %s "$xes") / 1000000" 1)
result[xes_events]=$(jval "$out/xes-generated.json" events)
result[xes_cases]=$(jval "$out/xes-generated.json" cases)

have_xmllint=1
if ! command -v xmllint >/dev/null; then
	have_xmllint=""
	echo "bench-eventlog.sh: xmllint not installed (Debian: libxml2-utils); the ratio is skipped" >&2
fi
read_runs stats "$out/xes-generated.json" "$xes" "$have_xmllint"
if [[ -n $have_xmllint ]]; then
	result[xmllint_s]=$(calc "$(best xmllint wall_s)")
	result[xmllint_cpu]=$(calc "$(best xmllint cpu_s)")
	result[xmllint_mib]=$(calc "$(most xmllint max_rss_bytes) / 1048576" 0)
	result[ratio]=$(calc "$(best stats wall_s) / $(best xmllint wall_s)")
	result[ratio_cpu]=$(calc "$(best stats cpu_s) / $(best xmllint cpu_s)")
fi
rm -f "$xes"

noark=$tmp/noark
log "generating a Noark 5 extract of $ENTRIES journal entries (seed $SEED)"
"$BIN" bench noark --out "$noark" --entries "$ENTRIES" --seed "$SEED" --json >"$out/noark-generated.json"
cat "$out/noark-generated.json" >&2
result[noark_mb]=$(calc "$(du -sb "$noark" | cut -f1) / 1000000" 1)
result[noark_cases]=$(jval "$out/noark-generated.json" cases)
read_runs noark "$out/noark-generated.json" "$noark"

row() { # LABEL VALUE [TARGET]
	if [[ -n ${3:-} && -n $2 ]]; then
		printf '%-58s %10s %6s %8s\n' "$1" "$2" "$(calc "$2 / $3")" "$3"
	else
		printf '%-58s %10s\n' "$1" "${2:-–}"
	fi
}

echo
echo "Event logs: XES $SIZE (${result[xes_mb]} MB, ${result[xes_events]} events, ${result[xes_cases]} cases), Noark 5 $ENTRIES journal entries (${result[noark_cases]} cases, ${result[noark_mb]} MB), seed $SEED, best of $RUNS runs"
echo "$(machine), load $(loadavg), $(go env GOVERSION 2>/dev/null || echo go?), $(($(date +%s) - start)) s"
printf '%-58s %10s %6s %8s\n' "figure" "measured" "ratio" "target"
row "XES: stats wall s / xmllint --stream wall s" "${result[ratio]:-}" $TARGET_RATIO
row "XES: stats peak memory MiB" "${result[stats_mib]}" $TARGET_PEAK_MIB
row "Noark 5: stats wall s" "${result[noark_s]}" $TARGET_NOARK_S
echo "not targets:"
row "  XES: stats CPU s / xmllint CPU s" "${result[ratio_cpu]:-}"
row "  XES: eventlog stats --json wall s" "${result[stats_s]}"
row "  XES: eventlog stats --json CPU s (user + sys)" "${result[stats_cpu]}"
row "  XES: xmllint --stream --noout wall s" "${result[xmllint_s]:-}"
row "  XES: xmllint CPU s (user + sys)" "${result[xmllint_cpu]:-}"
row "  XES: xmllint peak memory MiB" "${result[xmllint_mib]:-}"
row "  Noark 5: stats CPU s (user + sys)" "${result[noark_cpu]}"
row "  Noark 5: stats peak memory MiB" "${result[noark_mib]}"
results_note
