#!/usr/bin/env bash
# Benchmark: `reflex check` on a generated 10,000-rule set over 1,000 inputs.
# Prints wall time and peak RSS for several runs and their medians, plus a baseline in the same run:
# `reflex check` on the small greenhouse example (startup cost) and the YAML load alone (python3 + libyaml).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
reflex_find_swift
export RUNS="${RUNS:-7}"
swift build -c release --product reflex >/dev/null
reflex=".build/release/reflex"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 scripts/bench-check.py "$out/bench.yaml" "${RULES:-10000}" "${INPUTS:-1000}"
echo "rule set: $(wc -c < "$out/bench.yaml") bytes, $(wc -l < "$out/bench.yaml") lines"


"$reflex" check "$out/bench.yaml" | tail -1
reflex_measure "reflex check, 10,000 rules" "$reflex" check "$out/bench.yaml"
reflex_measure "baseline: reflex check greenhouse" "$reflex" check rules/greenhouse
reflex_measure "baseline: libyaml parse (python3)" python3 -c \
    'import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)' "$out/bench.yaml"
