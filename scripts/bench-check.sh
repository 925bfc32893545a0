#!/usr/bin/env bash
# Benchmark: `reflex check` on a generated 10,000-rule set over 1,000 inputs.
# Prints wall time and peak RSS for several runs and their medians, plus a baseline in the same run:
# `reflex check` on the small greenhouse example (startup cost) and the YAML load alone (python3 + libyaml).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
reflex_find_swift
runs="${RUNS:-7}"
swift build -c release --product reflex >/dev/null
reflex=".build/release/reflex"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 scripts/bench-check.py "$out/bench.yaml" "${RULES:-10000}" "${INPUTS:-1000}"
echo "rule set: $(wc -c < "$out/bench.yaml") bytes, $(wc -l < "$out/bench.yaml") lines"

measure() {  # measure LABEL CMD... -> prints one line per run, then the medians
    local label="$1"; shift
    local times=() rss=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>&1 || true
        read -r t m < "$out/time"
        times+=("$t"); rss+=("$m")
    done
    local mt mr
    mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-34s median wall %6.3f s   median peak RSS %7.1f MB   (runs: %s)\n' \
        "$label" "$mt" "$(echo "$mr / 1024" | bc -l)" "${times[*]}"
}

"$reflex" check "$out/bench.yaml" | tail -1
measure "reflex check, 10,000 rules" "$reflex" check "$out/bench.yaml"
measure "baseline: reflex check greenhouse" "$reflex" check rules/greenhouse
measure "baseline: libyaml parse (python3)" python3 -c \
    'import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)' "$out/bench.yaml"
