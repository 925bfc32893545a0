import Foundation
import ReflexConfig
import ReflexCore
import XCTest

/// Drives generated and mutated rule files through the whole checker in-process: it must never crash, hang or
/// overflow the stack, and every file it does not compile must get at least one error at a real position.
final class RobustnessTests: XCTestCase {
    static let valid = """
        reflex: 1
        site: test-site
        inputs:
          temp: { mqtt: greenhouse/sensors/temp, json: $.celsius, type: number, stale: 5m }
          door: { gpio: { chip: gpiochip0, line: 17 }, active_low: true, bias: pull-up, debounce: 20ms }
          mode: { mqtt: greenhouse/mode, type: string, initial: auto }
        outputs:
          fan: { gpio: { chip: gpiochip0, line: 27 }, initial: off, safe: off }
          vent: { mqtt: greenhouse/vent, type: number, retain: true, qos: 1, min_interval: 30s }
        state:
          armed: { type: bool, initial: true }
        vars:
          temp_avg: avg(temp, 10m)
          night: time_between(22:00, 06:00)
        notifiers:
          ops: { mqtt: it/alerts/greenhouse, qos: 1 }
        rules:
          - name: hot
            when: temp_avg > 30 and mode == "auto"
            for: 2m
            until: temp_avg < 28
            hold: { fan: on, vent: clamp((temp_avg - 25) * 10, 0, 100) }
            then:
              - notify: ops
                message: "Greenhouse hot: {{ round(temp_avg, 1) }} °C"
            else:
              - log: "cooled down"
          - name: intruder
            on: [door.rise, every 1h]
            if: night and armed
            mode: single
            then:
              - pulse: { fan: on, for: 30s }
              - delay: 5m
              - if: temp.stale
                then:
                  - set: { armed: false }
                else:
                  - publish: { topic: greenhouse/log, payload: "{{ now }} {{ count(door.rise, 10m) }}" }
        """

    static let fragments: [String] = [
        ":", " ", "\n", "\t", "-", "[", "]", "{", "}", "'", "\"", "&a", "*a", "<<", "!!str", "|", ">", "#", "%",
        "@", "`", ",", "?", "{{", "}}", "(", ")", ".", "$", "\\", "é", "\u{0}", "\u{7F}", "🌡", " and ", " or ",
        " not ", "==", "10m", "22:00", "on", "off", "none", "-1", "3", "99999999999999999999", "1e400",
    ]

    func testTenThousandGeneratedAndMutatedFiles() throws {
        let loader = RuleSetLoader(environment: [:])
        var seeds: [[UInt8]] = [Array(Self.valid.utf8)]
        for url in Fixtures.files(in: "bad") + Fixtures.files(in: "warn") {
            if let data = try? Data(contentsOf: url) { seeds.append(Array(data)) }
        }
        var g = SeededGenerator(state: 0x5EED)
        var invalid = 0
        var compiled = 0
        let total = Int(ProcessInfo.processInfo.environment["REFLEX_ROBUSTNESS_CASES"] ?? "") ?? 10_000
        for n in 0..<total {
            let bytes = Self.mutate(seeds[g.below(seeds.count)], case: n, &g)
            if ProcessInfo.processInfo.environment["REFLEX_ROBUSTNESS_TIMING"] == "1" { print("case \(n) ...") }
            let started = DispatchTime.now().uptimeNanoseconds
            let check = RuleSetCheck(loader.load(bytes: bytes, file: "case-\(n).yaml"))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if seconds > 0.5, ProcessInfo.processInfo.environment["REFLEX_ROBUSTNESS_TIMING"] == "1" {
                print("case \(n): \(bytes.count) bytes took \(seconds) s")
            }
            if check.program == nil {
                invalid += 1
                XCTAssertGreaterThan(check.errorCount, 0, "case \(n) did not compile but reported no error")
            } else {
                compiled += 1
            }
            let lines = SourceFile(path: "case", bytes: bytes).lineCount
            for d in check.diagnostics {
                XCTAssertTrue(d.range.start.line >= 1 && Int(d.range.start.line) <= lines + 1,
                              "case \(n): line \(d.range.start.line) outside 1...\(lines + 1): \(d.message)")
                XCTAssertGreaterThanOrEqual(d.range.start.column, 1, "case \(n): \(d.message)")
            }
            _ = check.rendered()
        }
        XCTAssertEqual(invalid + compiled, total)
        XCTAssertGreaterThan(invalid, total / 2)
    }

    /// One case: most are small random edits; every 100th is an extreme shape.
    static func mutate(_ seed: [UInt8], case n: Int, _ g: inout SeededGenerator) -> [UInt8] {
        if n % 100 == 99 { return extreme(n / 100, &g) }
        var bytes = seed
        for _ in 0...g.below(4) {
            switch g.below(7) {
            case 0:  // truncate
                bytes = Array(bytes.prefix(g.below(bytes.count + 1)))
            case 1:  // flip a byte
                if !bytes.isEmpty { bytes[g.below(bytes.count)] ^= UInt8(1 << g.below(8)) }
            case 2:  // insert a fragment
                let f = Array(fragments[g.below(fragments.count)].utf8)
                bytes.insert(contentsOf: f, at: g.below(bytes.count + 1))
            case 3:  // delete a run
                if !bytes.isEmpty {
                    let a = g.below(bytes.count)
                    bytes.removeSubrange(a..<min(bytes.count, a + 1 + g.below(8)))
                }
            case 4:  // duplicate a line
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                if !lines.isEmpty {
                    let i = g.below(lines.count)
                    lines.insert(lines[i], at: i)
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 5:  // replace a byte with a random one
                if !bytes.isEmpty { bytes[g.below(bytes.count)] = UInt8(truncatingIfNeeded: g.next()) }
            default:  // swap two lines
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                if lines.count > 1 { lines.swapAt(g.below(lines.count), g.below(lines.count)) }
                bytes = Array(lines.joined(separator: [0x0A]))
            }
        }
        return bytes
    }

    /// Deep nesting, huge scalars and expressions, alias bombs.
    static func extreme(_ k: Int, _ g: inout SeededGenerator) -> [UInt8] {
        let head = "reflex: 1\ninputs:\n  temp: { mqtt: t, type: number }\noutputs:\n  fan: { gpio: { chip: c, line: 1 } }\n"
        switch k % 10 {
        case 0: return Array(("reflex: 1\nrules: " + String(repeating: "[", count: 100_000)).utf8)
        case 1: return Array(("reflex: 1\nrules:\n" + String(repeating: "- ", count: 50_000) + "x\n").utf8)
        case 2:
            return Array((head + "rules:\n  - name: r\n    when: " + String(repeating: "(", count: 100_000) + "temp > 1"
                          + String(repeating: ")", count: 100_000) + "\n    hold: { fan: on }\n").utf8)
        case 3:
            return Array((head + "rules:\n  - name: r\n    when: temp > 1" + String(repeating: " + temp", count: 60_000)
                          + "\n    hold: { fan: on }\n").utf8)
        case 4:
            return Array((head + "site: " + String(repeating: "a", count: 1 << 20) + "\n").utf8)
        case 5:
            var text = "reflex: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            for i in 1..<30 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
            return Array(text.utf8)
        case 6:
            return Array((head + "rules:\n  - name: r\n    on: temp.change\n    then:\n"
                          + (0..<40).map { String(repeating: "  ", count: $0 + 3) + "- if: temp > 1\n"
                                           + String(repeating: "  ", count: $0 + 4) + "then:\n" }.joined()
                          + String(repeating: "  ", count: 44) + "- log: deep\n").utf8)
        case 7:
            return Array((head + "rules:\n  - name: r\n    when: temp > 1\n    hold: { fan: on }\n    then:\n      - log: \""
                          + String(repeating: "{{ temp }}", count: 20_000) + "\"\n").utf8)
        case 8:
            return (0..<4096).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        default:
            return Array((head + "rules:\n  - name: r\n    when: " + String(repeating: "not ", count: 100_000)
                          + "temp > 1\n    hold: { fan: on }\n").utf8)
        }
    }
}
