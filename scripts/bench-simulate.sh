#!/usr/bin/env bash
# Benchmark: `reflex test` on a simulated 24 h of 100 inputs at 1 Hz (8.64 million input updates through 110
# rules). Prints wall time and peak RSS per run and their medians, with a baseline in the same run: the same
# inputs and models through a rule set with one rule (the simulator, models and engine bookkeeping alone).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
reflex_find_swift
export RUNS="${RUNS:-5}"
hours="${HOURS:-24}"
inputs="${INPUTS:-100}"
swift build -c release --product reflex >/dev/null
reflex=".build/release/reflex"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/rules" "$out/bare"
python3 scripts/bench-simulate.py "$out/rules" "$inputs" "$hours"
python3 scripts/bench-simulate.py "$out/bare" "$inputs" "$hours" --bare

"$reflex" test "$out/rules/scenario.yaml"
reflex_measure "reflex test: ${inputs} inputs, ${hours} h, 110 rules" "$reflex" test "$out/rules/scenario.yaml"
reflex_measure "baseline: the same inputs, one rule" "$reflex" test "$out/bare/scenario.yaml"
