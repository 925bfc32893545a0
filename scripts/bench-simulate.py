#!/usr/bin/env python3
"""Writes the simulation benchmark: a rule set over N number inputs and a scenario that drives every input
from a sine model once a second for a number of hours (100 inputs x 24 h = 8.64 million input updates).

usage: bench-simulate.py DIR INPUTS HOURS [--bare]
--bare: the same inputs and models with a single rule: the baseline (the simulator and models alone).
"""
import sys

out, n, hours = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
bare = "--bare" in sys.argv[4:]
r = ["reflex: 1", "site: bench", "timezone: UTC", "inputs:"]
r += [f"  in{i}: {{ mqtt: plant/in{i}, type: number }}" for i in range(n)]
r.append("outputs:")
r += [f"  out{o}: {{ mqtt: plant/out{o}, type: bool, initial: off }}" for o in range(10)]
r.append("state:")
r += [f"  st{s}: {{ type: number, initial: 0 }}" for s in range(10)]
r.append("vars:")
r += [f"  avg{v}: avg(in{v}, 1m)" for v in range(10)]
r += ["notifiers:", "  ops: { mqtt: it/ops }", "rules:"]
if bare:
    r += ["  - name: warm", "    when: in0 > 85", "    hold: { out0: on }"]
else:
    # Half level rules with a `for:` clock holding an output, half event rules with a guard setting state,
    # and ten rules over one-minute windows that notify.
    for k in range(n):
        if k % 2 == 0:
            r += [f"  - name: level-{k}", f"    when: in{k} > {50 + k % 40}", "    for: 10s",
                  f"    hold: {{ out{k % 10}: on }}"]
        else:
            r += [f"  - name: event-{k}", f"    on: in{k}.change", f"    if: in{k} > {k % 30 + 60}",
                  "    then:", f"      - set: {{ st{k % 10}: in{k} }}"]
    for v in range(10):
        r += [f"  - name: warm-{v}", f"    when: avg{v} > 55", "    then:", "      - notify: ops",
              f"        message: \"avg {{{{ round(avg{v}, 1) }}}}\""]
open(f"{out}/rules.yaml", "w").write("\n".join(r) + "\n")

s = [f"scenario: {n} inputs at 1 Hz for {hours:g} h{' (bare)' if bare else ''}", "rules: rules.yaml",
     "start: 2026-07-01T00:00:00Z", f"duration: {int(hours * 3600)}s", "models:"]
s += [f"  in{i}: {{ signal: {{ sine: {{ offset: 50, amplitude: 40, period: {300 + 7 * i}s, every: 1s }} }} }}"
      for i in range(n)]
if not bare:
    s += ["expect:", "  - count: { notify: ops, at_least: 1 }"]
open(f"{out}/scenario.yaml", "w").write("\n".join(s) + "\n")
