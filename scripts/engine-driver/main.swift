// A driver for comparing engine versions side by side (scripts/bench-engine-steps.sh): the same loops as the
// engine benchmarks in Benchmarks/ReflexBenchmarks, built against each version's sources.
//
// usage: driver events N REPS   median ns per event over REPS passes of N events through 1,000 rules
//        driver day SECONDS REPS  wall time of SECONDS simulated seconds of 100 inputs at 1 Hz
import Foundation
import ReflexConfig
import ReflexCore

func nanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func compile(_ text: String) -> Program {
    let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: text, file: "bench.yaml")
    guard let program = check.program else { fatalError(check.rendered()) }
    return program
}

func eventsText() -> String {
    var text = "reflex: 1\ninputs:\n"
    for i in 0..<500 { text += "  in\(i): { mqtt: plant/in\(i), type: number }\n" }
    text += "outputs:\n"
    for o in 0..<50 { text += "  out\(o): { mqtt: plant/out\(o), type: bool, initial: off }\n" }
    text += "state:\n"
    for s in 0..<50 { text += "  st\(s): { type: number, initial: 0 }\n" }
    text += "rules:\n"
    for r in 0..<1_000 {
        let i = r % 500
        if r % 2 == 0 {
            text += "  - name: level-\(r)\n    when: in\(i) > \(r % 40)\n    priority: \(r / 100)\n"
            text += "    hold: { out\(r % 50): on }\n"
        } else {
            text += "  - name: event-\(r)\n    on: in\(i).change\n    if: in\(i) > \(r % 30)\n"
            text += "    then:\n      - set: { st\(r % 50): in\(i) }\n"
        }
    }
    return text
}

func dayText() -> String {
    var text = "reflex: 1\ninputs:\n"
    for i in 0..<100 { text += "  in\(i): { mqtt: plant/in\(i), type: number, stale: 10s }\n" }
    text += "outputs:\n"
    for o in 0..<20 {
        let limit = o % 2 == 1 ? ", min_interval: 30s" : ""
        text += "  out\(o): { mqtt: plant/out\(o), type: bool, initial: off\(limit) }\n"
    }
    text += "state:\n"
    for s in 0..<10 { text += "  st\(s): { type: number, initial: 0 }\n" }
    text += "notifiers:\n  ops: { mqtt: it/ops }\nvars:\n"
    for k in 0..<20 { text += "  avg\(k): avg(in\(5 * k), 1m)\n" }
    text += "rules:\n"
    for i in 0..<100 {
        let subject = i % 5 == 0 ? "avg\(i / 5)" : "in\(i)"
        text += "  - name: level-\(i)\n    when: \(subject) > \(22 + i % 7)\n"
        if i % 3 == 0 { text += "    for: \(10 + i % 50)s\n" }
        text += "    until: \(subject) < \(20 + i % 7)\n    priority: \(i % 4)\n    hold: { out\(i % 20): on }\n"
        if i % 10 == 0 {
            text += "    then:\n      - notify: ops\n        message: \"hot \(i): {{ round(\(subject), 1) }}\"\n"
        }
    }
    for r in 0..<60 {
        let i = (r * 7) % 100
        text += "  - name: event-\(r)\n    on: in\(i).change\n    if: in\(i) > \(15 + r % 10)\n"
        text += "    then:\n      - set: { st\(r % 10): in\(i) }\n"
    }
    for r in 0..<20 {
        let i = r * 5 + 1
        text += "  - name: stale-\(r)\n    when: in\(i).stale\n    then:\n      - log: \"in\(i) silent\"\n"
    }
    return text
}

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "events"
let n = args.count > 2 ? Int(args[2])! : 200_000
let reps = args.count > 3 ? Int(args[3])! : 5
var times: [Double] = []

switch mode {
case "events":
    let program = compile(eventsText())
    let slots = program.inputs.map(\.slot)
    let engine = Engine(program: program, start: 0)
    _ = engine.start()
    var t: Int64 = 0
    var k = 0
    for _ in 0..<20_000 {
        t += 1
        k += 1
        _ = engine.update([(slots[k % slots.count], .number(Double(k % 80)))], at: t)
    }
    var batch: [(slot: Int, value: Value)] = [(slots[0], .none)]
    var sink = 0
    // Not inlined, so that `valgrind --tool=callgrind --toggle-collect='*measuredEvents*'` counts just this.
    @inline(never) func measuredEvents() {
        for _ in 0..<n {
            t += 1
            k += 1
            batch[0] = (slots[k % slots.count], .number(Double(k % 80)))
            sink &+= engine.update(batch, at: t).count
        }
    }
    for _ in 0..<reps {
        let t0 = nanos()
        measuredEvents()
        times.append(Double(nanos() - t0) / Double(n))
    }
    times.sort()
    print(String(format: "events: median %.1f ns/event, min %.1f (effects %d)", times[reps / 2], times[0], sink))
case "day":
    let program = compile(dayText())
    let slots = program.inputs.map(\.slot)
    let values: [[Double]] = (0..<100).map { i in
        (0..<3_600).map { s in
            let x = 22 + 6 * sin(2 * Double.pi * Double(s) / Double(600 + 37 * i)) + 0.3 * sin(Double(s * (i + 3)))
            return (x * 10).rounded() / 10
        }
    }
    var effects = 0
    for _ in 0..<reps {
        let engine = Engine(program: program, start: 0)
        effects = engine.start().count
        var batch: [(slot: Int, value: Value)] = [(slots[0], .none)]
        @inline(never) func measuredDay() {
            for s in 0..<n {
                for i in 0..<100 {
                    batch[0] = (slots[i], .number(values[i][s % 3_600]))
                    effects &+= engine.update(batch, at: Int64(s) * 1_000 + Int64(i) * 10).count
                }
            }
        }
        let t0 = nanos()
        measuredDay()
        times.append(Double(nanos() - t0) / 1e9)
    }
    times.sort()
    print(String(format: "day: median %.3f s for %d s simulated, %.1f ns/update (effects %d)",
                 times[reps / 2], n, times[reps / 2] * 1e9 / Double(n * 100), effects))
default:
    print("usage: driver events|day N REPS")
}
