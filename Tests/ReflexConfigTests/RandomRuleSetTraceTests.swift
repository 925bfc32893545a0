import Foundation
import ReflexConfig
import ReflexCore
import XCTest

/// Property (SPEC §2): random timelines through random rule sets give byte-identical traces when run twice,
/// and whatever step sizes the driver advances the clock in.
final class RandomRuleSetTraceTests: XCTestCase {
    /// `REFLEX_PROPERTY_SEEDS=N` runs more (the default keeps the suite quick in debug builds).
    static let seeds: ClosedRange<UInt64> = 1...UInt64(ProcessInfo.processInfo.environment["REFLEX_PROPERTY_SEEDS"].flatMap { UInt64($0) } ?? 16)

    /// A random rule set over a fixed vocabulary of signals, using every trigger, action, mode, window
    /// function and time-of-day function. Level rules and triggers read inputs and vars only, so that no
    /// rule set is refused for a same-instant cycle; state and outputs are read by guards and templates.
    static func ruleSet(seed: UInt64) -> String {
        var g = SeededGenerator(state: seed)
        func pick(_ options: [String]) -> String { options[g.below(options.count)] }
        func duration() -> String { pick(["250ms", "1s", "5s", "30s", "1m", "1m30s", "10m", "1h"]) }
        func period() -> String { pick(["7s", "1m", "10m", "1h"]) }
        func clock() -> String { String(format2(g.below(24))) + ":" + pick(["00", "15", "30", "59"]) }
        func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func number() -> String { pick(["a0", "a1", "a2", "v0", "v1", "v4", "v5"]) }
        func condition(depth: Int = 0) -> String {
            switch g.below(depth > 1 ? 6 : 8) {
            case 0: return "\(number()) \(pick([">", ">=", "<", "<=", "==", "!="])) \(g.below(60) - 10)"
            case 1: return pick(["b0", "b1", "v2", "v3 >= 2", "not b0", "a0.stale"])
            case 2: return "s0 \(pick(["==", "!="])) \"\(pick(["auto", "manual", "off"]))\""
            case 3: return "\(pick(["a0", "b0", "s0"])).\(pick(["age", "since"])) \(pick(["<", ">="])) \(duration())"
            case 4: return "time_between(\(clock()), \(clock()))"
            case 5: return "\(pick(["hour", "minute"])) \(pick(["<", ">="])) \(g.below(30))"
            case 6: return "(\(condition(depth: depth + 1))) \(pick(["and", "or"])) \(condition(depth: depth + 1))"
            default: return "not (\(condition(depth: depth + 1)))"
            }
        }
        func guardExpression() -> String {
            pick([condition(), "sb0", "not sb0", "st0 > \(g.below(5))", "o0", "n0 >= 50",
                  "weekday \(pick(["==", "!="])) \"sat\"", "s0 in [\"auto\", \"manual\"]"])
        }
        func actions(indent: String, depth: Int = 0) -> String {
            var out = ""
            for _ in 0..<(1 + g.below(3)) {
                switch g.below(depth > 0 ? 9 : 10) {
                case 0: out += "\(indent)- set: { \(pick(["o0", "o1"])): \(pick(["on", "off", "not o0", "b1"])) }\n"
                case 1: out += "\(indent)- set: { st0: st0 + \(1 + g.below(3)), sb0: \(pick(["true", "not sb0", "b0"])) }\n"
                case 2: out += "\(indent)- toggle: \(pick(["o1", "sb0"]))\n"
                case 3: out += "\(indent)- pulse: { \(pick(["o0", "o2"])): on, for: \(duration()) }\n"
                case 4:
                    out += "\(indent)- notify: ops\n\(indent)  message: \"\(pick(["a0 {{ a0 }}", "at {{ now }}", "avg {{ round(v0, 1) }}"]))\"\n"
                    if g.below(2) == 0 { out += "\(indent)  fields: { n: \"{{ st0 }}\", site: \"{{ site }}\" }\n" }
                case 5: out += "\(indent)- publish: { topic: \"out/{{ s0 }}\", payload: \"{{ json(a1) }}\", qos: \(g.below(2)) }\n"
                case 6: out += "\(indent)- delay: \(duration())\n"
                case 7: out += "\(indent)- log: \"st0={{ st0 }} o1={{ o1 }} {{ weekday }}\"\n"
                case 8: out += "\(indent)- set: { n1: \(pick(["a1 * 2", "\"clamp(a0, 0, 40)\"", "st0", "10"])) }\n"
                default:
                    out += "\(indent)- if: \(guardExpression())\n\(indent)  then:\n"
                    out += actions(indent: indent + "    ", depth: depth + 1)
                    if g.below(2) == 0 {
                        out += "\(indent)  else:\n" + actions(indent: indent + "    ", depth: depth + 1)
                    }
                }
            }
            return out
        }
        var text = """
            reflex: 1
            site: random-\(seed)
            timezone: \(pick(["Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe"]))
            inputs:
              a0: { mqtt: in/a0, type: number, stale: \(duration()) }
              a1: { mqtt: in/a1, type: number }
              a2: { mqtt: in/a2, json: $.v, type: number }
              b0: { gpio: { chip: c, line: 1 } }
              b1: { gpio: { chip: c, line: 2 } }
              s0: { mqtt: in/s0, type: string, initial: auto }
            outputs:
              o0: { gpio: { chip: c, line: 3 }, initial: off }
              o1: { gpio: { chip: c, line: 4 }, initial: off\(g.below(2) == 0 ? ", min_interval: \(duration())" : "") }
              o2: { gpio: { chip: c, line: 5 } }
              n0: { mqtt: out/n0, type: number, initial: 0\(g.below(2) == 0 ? ", min_interval: \(duration())" : "") }
              n1: { mqtt: out/n1, type: number }
            state:
              st0: { type: number, initial: 0 }
              sb0: { type: bool, initial: \(pick(["true", "false"])) }
            vars:
              v0: \(pick(["avg", "min", "max"]))(a0, \(duration()))
              v1: a1 + a2 * \(g.below(4))
              v2: time_between(\(clock()), \(clock()))
              v3: count(b0.\(pick(["rise", "fall", "change", "update"])), \(duration()))
              v4: \(pick(["delta", "rate"]))(a1, \(duration()))
              v5: \(pick(["abs(a0 - a1)", "floor(a2 / 3)", "max(a0, a1, 5)", "a0 % 7"]))
            notifiers:
              ops: { mqtt: it/ops, qos: 1 }
            rules:

            """
        for r in 0..<(3 + g.below(10)) {
            text += "  - name: r\(r)\n"
            if g.below(2) == 0 {
                text += "    when: \(condition())\n"
                if g.below(2) == 0 { text += "    for: \(duration())\n" }
                if g.below(3) == 0 { text += "    until: \(condition())\n" }
                let holds = g.below(3) > 0
                if holds {
                    text += "    priority: \(g.below(3))\n    hold:\n"
                    text += "      \(pick(["o0", "o2"])): \(pick(["on", "off", "b1", "not v2"]))\n"
                    if g.below(2) == 0 { text += "      n0: \(pick(["clamp(v1 * 10, 0, 100)", "50", "round(v0)"]))\n" }
                }
                if !holds || g.below(2) == 0 { text += "    then:\n" + actions(indent: "      ") }
                if g.below(3) == 0 { text += "    else:\n" + actions(indent: "      ") }
            } else {
                var triggers: [String] = []
                for _ in 0..<(1 + g.below(2)) {
                    triggers.append(pick(["a0.update", "a1.change", "b0.rise", "b1.fall", "s0.change", "v2.change",
                                          "v3.change", "b0.change", "every \(period())", "at \(clock())", "startup"]))
                }
                text += "    on: [\(triggers.joined(separator: ", "))]\n"
                if g.below(2) == 0 { text += "    if: \(guardExpression())\n" }
                text += "    mode: \(pick(["single", "restart", "queue"]))\n"
                text += "    then:\n" + actions(indent: "      ")
                if g.below(3) == 0 { text += "    else:\n" + actions(indent: "      ") }
            }
        }
        return text
    }

    /// Random updates over two days: instants in milliseconds, several at one instant now and then.
    static func timeline(_ program: Program, seed: UInt64) -> [(Int64, [(slot: Int, value: Value)])] {
        var g = SeededGenerator(state: seed ^ 0xA5A5)
        var t: Int64 = 0
        var out: [(Int64, [(slot: Int, value: Value)])] = []
        let inputs = program.inputs.map(\.slot)
        for _ in 0..<300 {
            t += Int64(g.below(5) == 0 ? 0 : g.below(g.below(2) == 0 ? 5_000 : 1_200_000))
            var batch: [(slot: Int, value: Value)] = []
            for _ in 0..<(1 + g.below(2)) {
                let slot = inputs[g.below(inputs.count)]
                let value: Value =
                    switch program.signals[slot].type {
                    case .bool: .bool(g.below(2) == 0)
                    case .number: .number(Double(g.below(700)) / 10 - 10)
                    default: .string(["auto", "manual", "off"][g.below(3)])
                    }
                batch.append((slot, value))
            }
            out.append((t, batch))
        }
        return out
    }

    /// The trace of a run, as JSON lines; `stride` > 0 also advances the clock in steps of that size.
    static func trace(_ program: Program, zone: TimeZoneRules, _ timeline: [(Int64, [(slot: Int, value: Value)])],
                      stride: Int64) -> String
    {
        let base: Int64 = 1_774_735_200_000  // 2026-03-28T22:00:00Z: the runs cross Europe's DST change
        let engine = Engine(program: program, start: base, zone: zone)
        engine.tracing = true
        var writer = TraceWriter(program: program, zone: zone, start: base)
        var lines = writer.lines(engine.start())
        var clock = base
        for (t, batch) in timeline {
            if stride > 0 {
                while clock + stride < base + t {
                    clock += stride
                    lines += writer.lines(engine.advance(to: clock))
                }
            }
            lines += writer.lines(engine.update(batch, at: base + t))
            clock = base + t
        }
        lines += writer.lines(engine.advance(to: clock + 86_400_000))
        return lines.joined(separator: "\n")
    }

    func testRandomRuleSetsGiveIdenticalTracesTwiceAndAtAnyStepSize() throws {
        let loader = RuleSetLoader(environment: [:])
        var compiled = 0
        var lines = 0
        for seed: UInt64 in Self.seeds {
            let text = Self.ruleSet(seed: seed)
            let check = RuleSetCheck(loader: loader, text: text, file: "random-\(seed).yaml")
            guard let program = check.program else {
                XCTFail("seed \(seed) does not compile:\n\(check.rendered())\n\(text)")
                continue
            }
            compiled += 1
            let zone = try TimeZoneLoader.load(name: program.timezone ?? "UTC").get()
            let timeline = Self.timeline(program, seed: seed)
            let first = Self.trace(program, zone: zone, timeline, stride: 0)
            XCTAssertEqual(first, Self.trace(program, zone: zone, timeline, stride: 0), "seed \(seed): two runs differ")
            for stride: Int64 in [7_919, 60_000, 3_600_000] {
                let stepped = Self.trace(program, zone: zone, timeline, stride: stride)
                if first != stepped {
                    let a = first.split(separator: "\n"), b = stepped.split(separator: "\n")
                    let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                    XCTFail("seed \(seed), stride \(stride): traces part at line \(i + 1):\n"
                            + "  \(i < a.count ? a[i] : "(end)")\n  \(i < b.count ? b[i] : "(end)")\n\(text)")
                    break
                }
            }
            lines += first.split(separator: "\n").count
        }
        XCTAssertEqual(compiled, Self.seeds.count, "the generator writes rule sets that compile")
        XCTAssertGreaterThan(lines, compiled * 100, "the timelines should make the rules act")
    }

}
