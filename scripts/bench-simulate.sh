#!/usr/bin/env bash
# Benchmark: `reflex test` on a simulated 24 h of 100 inputs at 1 Hz (8.64 million input updates through 110
# rules). Prints wall time and peak RSS per run and their medians, with a baseline in the same run: the same
# inputs and models through a rule set with one rule (the simulator, models and engine bookkeeping alone).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
reflex_find_swift
runs="${RUNS:-5}"
hours="${HOURS:-24}"
inputs="${INPUTS:-100}"
swift build -c release --product reflex >/dev/null
reflex=".build/release/reflex"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/rules" "$out/bare"
python3 scripts/bench-simulate.py "$out/rules" "$inputs" "$hours"
python3 scripts/bench-simulate.py "$out/bare" "$inputs" "$hours" --bare

measure() {  # measure LABEL CMD... -> one line: medians of wall time and peak RSS over the runs
    local label="$1"; shift
    local times=() rss=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/stdout" 2>&1 || { cat "$out/stdout"; exit 1; }
        read -r t m < "$out/time"
        times+=("$t"); rss+=("$m")
    done
    local mt mr
    mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-44s median wall %7.2f s   median peak RSS %7.1f MB   (runs: %s)\n' \
        "$label" "$mt" "$(echo "$mr / 1024" | bc -l)" "${times[*]}"
}

"$reflex" test "$out/rules/scenario.yaml"
measure "reflex test: ${inputs} inputs, ${hours} h, 110 rules" "$reflex" test "$out/rules/scenario.yaml"
measure "baseline: the same inputs, one rule" "$reflex" test "$out/bare/scenario.yaml"
