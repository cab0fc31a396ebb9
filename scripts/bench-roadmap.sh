#!/usr/bin/env bash
# The roadmap benchmark of docs/benchmarks.md (sections "Roadmap" and
# "Roadmap at its limits (issue 17)"), run by `make bench` after
# scripts/bench.sh (make has built bin/tjenestevalg; this script builds
# nothing). It generates the issue-17 seed set (`roadmap generate` with
# the options of each instance: dependency density, budget and capacity
# factors) and solves each
#
#   - with the built-in optimiser at its time limit (5 s for
#     60 × 5, whose target is 1 s, 10 s for 230 × 6, 30 s for 1 000 × 8),
#   - with CBC and GLPK (`--solver cbc|glpk`) at ROADMAP_EXTERNAL_LIMIT,
#     each skipped with a message when its program is not installed,
#
# all through `tjenestevalg roadmap solve --json`, and prints a table:
# seconds (wall) and CPU seconds (user + system, from /usr/bin/time when
# installed), objective, proven bound, gap, whether proven optimal, the
# ratio of the objective to the best external objective and of the
# seconds to the built-in optimiser's target.
#
# Knobs (environment):
#   ROADMAP_EXTERNAL_LIMIT  the externals' limit (60s; CBC counts CPU
#                           seconds, GLPK wall seconds)
#   BENCH_SKIP_ROADMAP_EXTERNAL=1  the built-in optimiser only
#   ROADMAP_REF=DIR         take the externals' results from DIR/NAME-cbc.json
#                           and DIR/NAME-glpk.json where present instead of
#                           running them (the set with externals takes about
#                           40 min on the shared 2-core machine, most of it
#                           CBC and GLPK; without them about 5 min)
#   ROADMAP_ONLY=REGEX      only the instances whose name matches
#   ROADMAP_SEED=S          instead of the set: the three issue-6 instances
#                           with the default options and seed S, at their
#                           issue-6 limits (5 s, 10 s, 30 s)
#   BENCH_OUT=DIR           keep the instances and JSON results in DIR
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
bench_init

EXTERNAL_LIMIT=${ROADMAP_EXTERNAL_LIMIT:-60s}
# name services years seed dependencies budget capacity target-seconds.
# Dependencies 0.15 and factors 1 are the defaults (the issue-6 instances).
INSTANCES=(
	"60x5-s1 60 5 1 0.15 1 1 5"
	"60x5-s2 60 5 2 0.15 1 1 5"
	"60x5-s3 60 5 3 0.15 1 1 5"
	"230x6-s1 230 6 1 0.15 1 1 10"
	"230x6-s2 230 6 2 0.15 1 1 10"
	"230x6-s3 230 6 3 0.15 1 1 10"
	"230x6-s4 230 6 4 0.30 0.7 0.7 10"
	"1000x8-s1 1000 8 1 0.15 1 1 30"
	"1000x8-s2 1000 8 2 0.30 1 1 30"
	"1000x8-s3 1000 8 3 0.05 0.7 0.7 30"
	"1000x8-s4 1000 8 4 0.15 1.5 1.5 30"
	"1000x8-s5 1000 8 5 0.40 0.8 1.2 30"
	"1000x8-s6 1000 8 6 0 1.2 0.8 30"
)
if [[ -n ${ROADMAP_SEED:-} ]]; then
	s=$ROADMAP_SEED
	INSTANCES=("60x5 60 5 $s 0.15 1 1 5" "230x6 230 6 $s 0.15 1 1 10" "1000x8 1000 8 $s 0.15 1 1 30")
fi
# jval (bench-lib.sh) takes the first match of a key in 'roadmap solve
# --json': the result's own, since the plan comes after.

solvers=(builtin)
if [[ ${BENCH_SKIP_ROADMAP_EXTERNAL:-0} != 1 ]]; then
	command -v cbc >/dev/null && solvers+=(cbc) || echo "bench-roadmap.sh: cbc not installed (Debian: coinor-cbc); skipped" >&2
	command -v glpsol >/dev/null && solvers+=(glpk) || echo "bench-roadmap.sh: glpsol not installed (Debian: glpk-utils); skipped" >&2
fi
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f "%U %S" -o)

rows=()
declare -A best
for spec in "${INSTANCES[@]}"; do
	read -r name n years seed deps budget capacity target <<<"$spec"
	[[ -n ${ROADMAP_ONLY:-} && ! $name =~ $ROADMAP_ONLY ]] && continue
	inst=$out/roadmap-$name.json
	"$BIN" roadmap generate --services "$n" --years "$years" --seed "$seed" \
		--dependencies "$deps" --budget "$budget" --capacity "$capacity" >"$inst"
	best_ext=""
	for s in "${solvers[@]}"; do
		limit=$EXTERNAL_LIMIT
		[[ $s == builtin ]] && limit=${target}s
		res=$out/roadmap-$name-$s.json
		cpu=$out/roadmap-$name-$s.cpu
		rm -f "$cpu"
		if [[ $s != builtin && -n ${ROADMAP_REF:-} && -s $ROADMAP_REF/$name-$s.json ]]; then
			cp "$ROADMAP_REF/$name-$s.json" "$res"
			log "roadmap $name: $s from $ROADMAP_REF"
		else
			log "roadmap $name (deps $deps, budget ×$budget, capacity ×$capacity, seed $seed): $s, time limit $limit (load $(loadavg))"
			cmd=("$BIN" roadmap solve --instance "$inst" --time-limit "$limit" --solver "$s" --json)
			[[ ${#timer[@]} -gt 0 ]] && cmd=("${timer[@]}" "$cpu" "${cmd[@]}")
			if ! "${cmd[@]}" >"$res" 2>"$out/roadmap-$name-$s.log"; then
				tail -n 5 "$out/roadmap-$name-$s.log" >&2
				echo "bench-roadmap.sh: $s failed on $name" >&2
				continue
			fi
		fi
		obj=$(jval "$res" objective)
		if [[ $s != builtin && -n $obj ]]; then
			if [[ -z $best_ext ]] || awk "BEGIN { exit !($obj > $best_ext) }"; then
				best_ext=$obj
			fi
		fi
		rows+=("$name $s $limit $target $res $cpu")
	done
	best["$name"]=${best_ext:-}
done

printf '\n%-10s %-8s %6s %8s %8s %14s %14s %7s %8s %9s %9s\n' "instance" "solver" "limit" "seconds" "cpu s" "objective" "bound" "gap %" "optimal" "obj/ext" "s/target"
for row in "${rows[@]}"; do
	read -r name s limit target res cpu <<<"$row"
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
	c="–"
	[[ -s $cpu ]] && c=$(awk 'END { printf "%.2f", $1 + $2 }' "$cpu")
	printf '%-10s %-8s %6s %8s %8s %14s %14s %7s %8s %9s %9s\n' "$name" "$s" "$limit" "$(calc "$secs" 2)" "$c" "$(calc "$obj" 0)" "$bound" "$gp" "$opt" "$ratio" "$(calc "$secs / $target" 2)"
done
echo
echo "obj/ext: objective / the best objective of CBC and GLPK at $EXTERNAL_LIMIT; s/target: seconds / the built-in target; cpu s: user + system (– when taken from ROADMAP_REF)."
