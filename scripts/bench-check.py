#!/usr/bin/env python3
"""Generates a large rule set for the `reflex check` benchmark.

usage: bench-check.py OUT.yaml [RULES] [INPUTS]   (default 10000 rules over 1000 inputs)

The set mixes what real plants write: MQTT number inputs with JSON paths and stale limits, GPIO bool inputs
with debounce, windowed vars, level rules with for/until/hold, and event rules with guards, pulses,
notifications and delays. Every input is read and every output driven, so the set checks clean.
"""
import sys

def main():
    out = sys.argv[1]
    rules = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    inputs = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    outputs = max(1, rules // 20)
    w = []
    w.append("reflex: 1\nsite: bench\n")
    w.append("notifiers:\n  ops: { mqtt: it/alerts/bench, qos: 1 }\n")
    w.append("inputs:\n")
    for i in range(inputs):
        if i % 4 == 3:
            w.append(f"  in{i}: {{ gpio: {{ chip: gpiochip{i % 4}, line: {i % 64} }}, debounce: 20ms }}\n")
        else:
            w.append(f"  in{i}: {{ mqtt: plant/area{i % 50}/sensor{i}, json: $.value, type: number, stale: 5m }}\n")
    w.append("outputs:\n")
    for o in range(outputs):
        if o % 2:
            w.append(f"  out{o}: {{ mqtt: plant/actuators/out{o}, type: number, retain: true, qos: 1, min_interval: 10s }}\n")
        else:
            w.append(f"  out{o}: {{ gpio: {{ chip: gpiochip1, line: {o % 64} }}, safe: off }}\n")
    w.append("vars:\n")
    numeric = [i for i in range(inputs) if i % 4 != 3]
    for k, i in enumerate(numeric):
        w.append(f"  avg{i}: avg(in{i}, 10m)\n")
    w.append("rules:\n")
    for r in range(rules):
        o = r % outputs
        prio = r // outputs
        n = numeric[r % len(numeric)]
        b = 4 * (r % (inputs // 4)) + 3
        if r % 2 == 0:
            value = "on" if o % 2 == 0 else f"\"clamp((avg{n} - 20) * 5, 0, 100)\""  # quoted: the commas would end a flow value
            w.append(f"  - name: level-{r}\n    when: avg{n} > {20 + r % 15} and not in{b}\n    for: {1 + r % 5}m\n"
                     f"    until: avg{n} < {18 + r % 15}\n    priority: {prio}\n    hold: {{ out{o}: {value} }}\n"
                     f"    then:\n      - notify: ops\n        message: \"area {r % 50} hot: {{{{ round(avg{n}, 1) }}}}\"\n")
        else:
            value = "on" if o % 2 == 0 else f"{r % 100}"
            w.append(f"  - name: event-{r}\n    on: in{b}.rise\n    if: in{n} > {r % 40} or in{n}.stale\n"
                     f"    mode: restart\n    then:\n      - pulse: {{ out{o}: {value}, for: {1 + r % 30}s }}\n"
                     f"      - delay: 1m\n      - log: \"event {r} after {{{{ in{b}.since }}}}\"\n")
    with open(out, "w") as f:
        f.write("".join(w))

main()
