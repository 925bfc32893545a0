import Benchmark
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
