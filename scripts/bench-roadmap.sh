#!/usr/bin/env bash
# The roadmap benchmark of docs/benchmarks.md (section "Roadmap"), run by
# `make bench` after scripts/bench.sh (make has built bin/tjenestevalg; this
# script builds nothing). It generates the issue's three instances
# (`roadmap generate`, seed 1) and solves each
#
#   - with the built-in optimiser at its target time limit (5 s, 10 s, 30 s),
#   - with CBC and GLPK (`--solver cbc|glpk`) at ROADMAP_EXTERNAL_LIMIT,
#     each skipped with a message when its program is not installed,
#
# all through `tjenestevalg roadmap solve --json`, and prints a table:
# objective, proven bound, gap, whether proven optimal, the ratio of the
# objective to the best external objective and of the seconds to the
# built-in optimiser's target time.
#
# Knobs (environment): ROADMAP_EXTERNAL_LIMIT (60s), ROADMAP_SEED (1),
# BENCH_SKIP_ROADMAP_EXTERNAL=1 (the built-in optimiser only), BENCH_OUT (a
# directory to keep the instances and JSON results in).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
bench_init

EXTERNAL_LIMIT=${ROADMAP_EXTERNAL_LIMIT:-60s}
SEED=${ROADMAP_SEED:-1}
# services, years and the built-in optimiser's target time in seconds.
INSTANCES=("60 5 5" "230 6 10" "1000 8 30")
# jval (bench-lib.sh) takes the first match of a key in 'roadmap solve
# --json': the result's own, since the plan comes after.

solvers=(builtin)
if [[ ${BENCH_SKIP_ROADMAP_EXTERNAL:-0} != 1 ]]; then
	command -v cbc >/dev/null && solvers+=(cbc) || echo "bench-roadmap.sh: cbc not installed (Debian: coinor-cbc); skipped" >&2
	command -v glpsol >/dev/null && solvers+=(glpk) || echo "bench-roadmap.sh: glpsol not installed (Debian: glpk-utils); skipped" >&2
fi

rows=()
declare -A best
for spec in "${INSTANCES[@]}"; do
	read -r n years target <<<"$spec"
	name=${n}x$years
	inst=$out/roadmap-$name.json
	"$BIN" roadmap generate --services "$n" --years "$years" --seed "$SEED" >"$inst"
	best_ext=""
	for s in "${solvers[@]}"; do
		limit=$EXTERNAL_LIMIT
		[[ $s == builtin ]] && limit=${target}s
		log "roadmap $name: $s, time limit $limit (load $(loadavg))"
		res=$out/roadmap-$name-$s.json
		if ! "$BIN" roadmap solve --instance "$inst" --time-limit "$limit" --solver "$s" --json >"$res" 2>"$out/roadmap-$name-$s.log"; then
			tail -n 5 "$out/roadmap-$name-$s.log" >&2
			echo "bench-roadmap.sh: $s failed on $name" >&2
			continue
		fi
		obj=$(jval "$res" objective)
		if [[ $s != builtin && -n $obj ]]; then
			if [[ -z $best_ext ]] || awk "BEGIN { exit !($obj > $best_ext) }"; then
				best_ext=$obj
			fi
		fi
		rows+=("$name $s $limit $target $res")
	done
	best["$name"]=${best_ext:-}
done

printf '\n%-10s %-8s %6s %8s %14s %14s %8s %8s %9s %9s\n' "instance" "solver" "limit" "seconds" "objective" "bound" "gap %" "optimal" "obj/ext" "s/target"
for row in "${rows[@]}"; do
	read -r name s limit target res <<<"$row"
	obj=$(jval "$res" objective)
	bound=$(jval "$res" bound)
	gap=$(jval "$res" gap)
	secs=$(jval "$res" seconds)
	opt=$(jval "$res" optimal)
	ext=${best[$name]:-}
	gp="–"
	[[ $gap != null && -n $gap ]] && gp=$(calc "100 * $gap" 3)
	[[ $bound == null || -z $bound ]] && bound="–" || bound=$(calc "$bound" 0)
	ratio="–"
	[[ -n $ext ]] && ratio=$(calc "$obj / $ext" 5)
	printf '%-10s %-8s %6s %8s %14s %14s %8s %8s %9s %9s\n' "$name" "$s" "$limit" "$(calc "$secs" 2)" "$(calc "$obj" 0)" "$bound" "$gp" "$opt" "$ratio" "$(calc "$secs / $target" 2)"
done
echo
echo "obj/ext: objective / the best objective of CBC and GLPK at $EXTERNAL_LIMIT; s/target: seconds / the built-in target (5, 10, 30 s)."
