#!/usr/bin/env bash
# Engine versions side by side: builds scripts/engine-driver against the sources of each commit given (default:
# the engine's optimisation steps and the commit before them), then runs them interleaved, ROUNDS times, and
# prints each one's median of medians. The machine is shared and noisy: compare within one run, not across.
# CALLGRIND=1 also prints instructions per event (deterministic; valgrind --tool=callgrind).
#
# usage: scripts/bench-engine-steps.sh [COMMIT...]     (ROUNDS=7 MODE=events|day N=200000)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
commits=("$@")
[ ${#commits[@]} -gt 0 ] || commits=(28a0f1c a596b98 61038d5 2dbfef7 cdc8a8b HEAD)
rounds="${ROUNDS:-7}"; mode="${MODE:-events}"; n="${N:-200000}"
[ "$mode" = day ] && n="${N:-3600}"
work="${WORK:-/tmp/reflex-engine-steps}"
mkdir -p "$work"
for c in "${commits[@]}"; do
    d="$work/$(git rev-parse --short "$c")"
    if [ ! -x "$d/.build/release/driver" ]; then
        rm -rf "$d"; mkdir -p "$d/src" "$d/Sources/driver"
        git archive "$c" Sources | tar -x -C "$d/src"
        for t in ReflexCore ReflexConfig CYAML; do ln -s "$d/src/Sources/$t" "$d/Sources/$t"; done
        cp "$repo/scripts/engine-driver/main.swift" "$d/Sources/driver/"
        cat > "$d/Package.swift" <<'PKG'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "driver",
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1"),
        .target(name: "ReflexCore"),
        .target(name: "ReflexConfig", dependencies: ["ReflexCore", "CYAML"]),
        .executableTarget(name: "driver", dependencies: ["ReflexCore", "ReflexConfig"]),
    ],
    swiftLanguageModes: [.v6]
)
PKG
        echo "building $c" >&2
        (cd "$d" && swift build -c release >/dev/null)
    fi
done
for r in $(seq "$rounds"); do
    for c in "${commits[@]}"; do
        echo "$c $("$work/$(git rev-parse --short "$c")/.build/release/driver" "$mode" "$n" 5)"
    done
done | tee "$work/runs.txt" >&2
for c in "${commits[@]}"; do
    grep "^$c " "$work/runs.txt" | awk -v c="$c" '{print $4}' | sort -n |
        awk -v c="$c" '{a[NR]=$1} END {printf "%-10s median of medians %s (%d rounds)\n", c, a[int((NR+1)/2)], NR}'
done
if [ "${CALLGRIND:-0}" = 1 ] && [ "$mode" = events ]; then
    for c in "${commits[@]}"; do
        ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='*measuredEvents*' \
            "$work/$(git rev-parse --short "$c")/.build/release/driver" events 20000 1 2>&1 |
            awk '/Collected/ {print $4}')
        echo "$c $((ir / 20000)) instructions per event"
    done
fi
