import Benchmark
import Foundation
import ReflexConfig
import ReflexCore

/// Events through 1,000 compiled rules (half level rules holding outputs, half event rules with guards that
/// set state), each input read by two rules, so every event touches 1–3 rules. Measures events per second
/// and allocations per event in steady state.
func engineBenchmarks() {
    let inputs = 500
    var text = "reflex: 1\ninputs:\n"
    for i in 0..<inputs { text += "  in\(i): { mqtt: plant/in\(i), type: number }\n" }
    text += "outputs:\n"
    for o in 0..<50 { text += "  out\(o): { mqtt: plant/out\(o), type: bool, initial: off }\n" }
    text += "state:\n"
    for s in 0..<50 { text += "  st\(s): { type: number, initial: 0 }\n" }
    text += "rules:\n"
    for r in 0..<1_000 {
        let i = r % inputs
        if r % 2 == 0 {
            text += "  - name: level-\(r)\n    when: in\(i) > \(r % 40)\n    priority: \(r / 100)\n"
            text += "    hold: { out\(r % 50): on }\n"
        } else {
            text += "  - name: event-\(r)\n    on: in\(i).change\n    if: in\(i) > \(r % 30)\n"
            text += "    then:\n      - set: { st\(r % 50): in\(i) }\n"
        }
    }
    let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: text, file: "bench.yaml")
    guard let program = check.program else { fatalError(check.rendered()) }
    let slots = program.inputs.map(\.slot)

    Benchmark("Engine: events through 1,000 rules (per 1,000 events)") { benchmark in
        let engine = Engine(program: program, start: 0)
        _ = engine.start()
        var t: Int64 = 0
        var k = 0
        // Warm up: every rule has been active and released, every buffer has its size.
        for _ in 0..<20_000 {
            t += 1
            k += 1
            _ = engine.update([(slots[k % slots.count], .number(Double(k % 80)))], at: t)
        }
        // One batch array reused, so that the measurement counts the engine's allocations, not the caller's.
        var batch: [(slot: Int, value: Value)] = [(slots[0], .none)]
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            t += 1
            k += 1
            batch[0] = (slots[k % slots.count], .number(Double(k % 80)))
            blackHole(engine.update(batch, at: t).count)
        }
        benchmark.stopMeasurement()
    }
}

/// A day on a plant: 100 sensors publishing at 1 Hz, each update at its own instant (8.64 M updates), through
/// 180 rules: stale limits on every sensor, 20 of them averaged over a minute, 100 level rules with
/// for/until holding 20 outputs (half with min_interval), 60 event rules on changes and 20 stale alarms.
/// Target: the whole day in ≤ 10 s of wall time, i.e. well under 1 µs per update.
func engineDayBenchmark() {
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
    let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: text, file: "day.yaml")
    guard let program = check.program else { fatalError(check.rendered()) }
    let slots = program.inputs.map(\.slot)
    // Each sensor follows a slow wave with a ripple, to 0.1, so that conditions turn now and then. Computed
    // once, outside the measurement: a day of values for each sensor repeats with period 1 h.
    let values: [[Double]] = (0..<100).map { i in
        (0..<3_600).map { s in
            let x = 22 + 6 * sin(2 * Double.pi * Double(s) / Double(600 + 37 * i)) + 0.3 * sin(Double(s * (i + 3)))
            return (x * 10).rounded() / 10
        }
    }

    Benchmark(
        "Engine: 24 h of 100 inputs at 1 Hz (8.64 M updates, per day)",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal], warmupIterations: 0, scalingFactor: .one,
            maxDuration: .seconds(120), maxIterations: 3)
    ) { benchmark in
        let engine = Engine(program: program, start: 0)
        var effects = engine.start().count
        var batch: [(slot: Int, value: Value)] = [(slots[0], .none)]
        benchmark.startMeasurement()
        for s in 0..<86_400 {
            for i in 0..<100 {
                batch[0] = (slots[i], .number(values[i][s % 3_600]))
                effects &+= engine.update(batch, at: Int64(s) * 1_000 + Int64(i) * 10).count
            }
        }
        benchmark.stopMeasurement()
        blackHole(effects)
    }
}
