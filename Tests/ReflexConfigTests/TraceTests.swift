import ReflexConfig
import ReflexCore
import XCTest

/// The trace as a user reads it: JSON lines in a fixed field order, each cascade after its cause.
final class TraceTests: XCTestCase {
    static let rules = """
        reflex: 1
        site: shed
        timezone: Europe/Berlin
        inputs:
          temp: { mqtt: shed/temp, type: number }
          door: { gpio: { chip: c, line: 1 } }
        outputs:
          fan: { gpio: { chip: c, line: 2 }, initial: off }
          siren: { gpio: { chip: c, line: 3 }, initial: off }
          vent: { mqtt: shed/vent, type: number, initial: 0, min_interval: 30s }
        state:
          opened: { type: number, initial: 0 }
        notifiers:
          ops: { mqtt: it/ops }
        rules:
          - name: hot
            when: temp > 30
            for: 1m
            hold: { fan: on, vent: 100 }
            then:
              - notify: ops
                message: "hot: {{ temp }} \\"C"
                fields: { site: "{{ site }}" }
            else:
              - log: "cooled to {{ temp }}"
          - name: intruder
            on: door.rise
            mode: single
            then:
              - set: { opened: opened + 1 }
              - pulse: { siren: on, for: 10s }
              - publish: { topic: "shed/events", payload: "door {{ opened }}" }
        """

    /// 2026-03-29 is the day Berlin moves to summer time (02:00 CET -> 03:00 CEST): times before and after.
    static let start: Int64 = 1_774_738_800_000  // 2026-03-29T00:00:00+01:00

    func run(tracing: Bool) throws -> (effects: [Effect], lines: [String]) {
        let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: Self.rules, file: "t.yaml")
        let program = try XCTUnwrap(check.program, check.rendered())
        let zone = try TimeZoneLoader.load(name: "Europe/Berlin").get()
        let engine = Engine(program: program, start: Self.start, zone: zone)
        engine.tracing = tracing
        let slot = { (name: String) in program.signals.firstIndex { $0.name == name }! }
        var writer = TraceWriter(program: program, zone: zone, start: Self.start)
        var effects = engine.start()
        var lines = writer.lines(effects, at: Self.start)
        func step(_ batch: [Effect], at t: Int64) {
            effects += batch
            lines += writer.lines(batch, at: t)
        }
        let s = Self.start
        step(engine.update([(slot("temp"), .number(31))], at: s + 10_000), at: s + 10_000)
        step(engine.update([(slot("door"), .bool(true))], at: s + 20_000), at: s + 20_000)
        step(engine.update([(slot("door"), .bool(false))], at: s + 21_000), at: s + 21_000)
        step(engine.update([(slot("door"), .bool(true))], at: s + 22_000), at: s + 22_000)
        step(engine.advance(to: s + 70_000), at: s + 70_000)
        step(engine.update([(slot("temp"), .number(29.5))], at: s + 80_000), at: s + 80_000)
        // 03:00:05 local, summer time: the offset in `time` follows the zone.
        step(engine.update([(slot("temp"), .number(29))], at: s + 7_205_000), at: s + 7_205_000)
        step(engine.advance(to: s + 8_000_000), at: s + 8_000_000)
        return (effects, lines)
    }

    func testTraceOfARunIsGolden() throws {
        let lines = try run(tracing: true).lines
        let golden = Fixtures.directory.appendingPathComponent("trace/engine.expected")
        if let failure = Fixtures.compare(lines.joined(separator: "\n") + "\n", golden: golden) { XCTFail(failure) }
    }

    func testTracingAddsEntriesAndChangesNothingElse() throws {
        let traced = try run(tracing: true).effects
        let plain = try run(tracing: false).effects
        XCTAssertFalse(plain.contains { if case .trace = $0 { true } else { false } })
        let untraced = traced.filter { if case .trace = $0 { false } else { true } }
        XCTAssertEqual(untraced, plain)
        XCTAssertGreaterThan(traced.count, plain.count + 10)
    }

    func testEveryEffectFollowsATraceEntryOfItsInstant() throws {
        let effects = try run(tracing: true).effects
        guard case .trace = effects.first else { return XCTFail("the trace starts with a cause: \(effects)") }
    }

    func testEveryLineIsAJSONObjectWithAtTimeAndEventFirst() throws {
        for line in try run(tracing: true).lines {
            XCTAssertTrue(line.hasPrefix("{\"at\":\""), line)
            XCTAssertTrue(line.contains("\",\"time\":\"2026-03-29T"), line)
            XCTAssertTrue(line.hasSuffix("}"), line)
            XCTAssertFalse(line.contains("\n"), line)
            switch JSONParser.parse(Array(line.utf8)) {
            case .success(.object): break
            default: XCTFail("not a JSON object: \(line)")
            }
        }
    }
}
