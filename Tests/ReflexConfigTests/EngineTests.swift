import ReflexConfig
import ReflexCore
import XCTest

/// The engine on compiled rule sets: exact instants, arbitration, rules, runs and modes.
final class EngineTests: XCTestCase {
    /// A compiled engine started at t = 0, and helpers to read it.
    struct Rig {
        let engine: Engine
        let program: Program
        var effects: [Effect] = []

        init(_ text: String, start: Int64 = 0, zone: TimeZoneRules = .utc, file: StaticString = #filePath,
             line: UInt = #line) throws
        {
            let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: "reflex: 1\n" + text, file: "t.yaml")
            self.init(try XCTUnwrap(check.program, check.rendered(), file: file, line: line), start: start, zone: zone)
        }

        /// A compiled program started at `start`, from a snapshot when one is given.
        init(_ program: Program, start: Int64, zone: TimeZoneRules = .utc,
             restoring: EngineSnapshot? = nil,
             tracing: Bool = false)
        {
            self.program = program
            engine = Engine(program: program, start: start, zone: zone, restoring: restoring)
            engine.tracing = tracing
            effects = engine.start()
        }

        func slot(_ name: String) -> Int { program.signals.firstIndex { $0.name == name }! }
        func value(_ name: String) -> Value { engine.value(of: slot(name)) }

        mutating func set(_ name: String, _ value: Value, at t: Int64) {
            effects = engine.update([(slot(name), value)], at: t)
        }

        mutating func advance(to t: Int64) { effects = engine.advance(to: t) }

        var drives: [Value] { effects.compactMap { if case .drive(_, let v) = $0 { v } else { nil } } }
        var logs: [String] { effects.compactMap { if case .log(_, let m) = $0 { m } else { nil } } }
    }

    static let climate = """
        inputs:
          temp: { mqtt: t, type: number }
        outputs:
          fan: { gpio: { chip: c, line: 1 }, initial: off }

        """

    func testForHoldsAtExactlyItsDeadlineAndNotAMillisecondBefore() throws {
        var rig = try Rig(Self.climate + """
            rules:
              - name: hot
                when: temp > 30
                for: 1m
                hold: { fan: on }
            """)
        rig.set("temp", .number(31), at: 10_000)
        XCTAssertEqual(rig.engine.nextDeadline, 70_000)
        rig.advance(to: 69_999)
        XCTAssertEqual(rig.value("fan"), .bool(false), "not at 1m9.999s")
        rig.advance(to: 70_000)
        XCTAssertEqual(rig.value("fan"), .bool(true), "at exactly 1m10s")
        XCTAssertEqual(rig.drives, [.bool(true)])
    }

    func testAForClockThatBreaksStartsOver() throws {
        var rig = try Rig(Self.climate + """
            rules:
              - name: hot
                when: temp > 30
                for: 1m
                hold: { fan: on }
            """)
        rig.set("temp", .number(31), at: 0)
        rig.set("temp", .number(29), at: 30_000)
        rig.set("temp", .number(31), at: 40_000)
        rig.advance(to: 60_000)
        XCTAssertEqual(rig.value("fan"), .bool(false), "the condition did not hold continuously")
        rig.advance(to: 100_000)
        XCTAssertEqual(rig.value("fan"), .bool(true))
    }

    func testUntilGivesHysteresisAndReleaseFallsBack() throws {
        var rig = try Rig(Self.climate + """
            rules:
              - name: hot
                when: temp > 30
                until: temp < 28
                hold: { fan: on }
                then:
                  - log: "hot at {{ temp }}"
                else:
                  - log: cooled
            """)
        rig.set("temp", .number(31), at: 1_000)
        XCTAssertEqual(rig.value("fan"), .bool(true))
        XCTAssertEqual(rig.logs, ["hot at 31"])
        rig.set("temp", .number(29), at: 2_000)
        XCTAssertEqual(rig.value("fan"), .bool(true), "between until and when: still held")
        rig.set("temp", .number(27.5), at: 3_000)
        XCTAssertEqual(rig.value("fan"), .bool(false), "released: back to initial")
        XCTAssertEqual(rig.logs, ["cooled"])
    }

    func testHigherPriorityHoldWinsAndFallbackFollowsReleases() throws {
        var rig = try Rig("""
            inputs:
              temp: { mqtt: t, type: number }
              frost: { mqtt: f, type: bool }
            outputs:
              vent: { mqtt: v, type: number, initial: 0 }
            rules:
              - name: hot
                when: temp > 30
                hold: { vent: 100 }
              - name: frost
                when: frost
                priority: 10
                hold: { vent: 0 }
            """)
        rig.set("temp", .number(35), at: 1)
        XCTAssertEqual(rig.value("vent"), .number(100))
        rig.set("frost", .bool(true), at: 2)
        XCTAssertEqual(rig.value("vent"), .number(0), "priority 10 wins")
        rig.set("frost", .bool(false), at: 3)
        XCTAssertEqual(rig.value("vent"), .number(100), "back to the lower hold")
    }

    func testAHoldFollowsItsExpression() throws {
        var rig = try Rig("""
            inputs:
              temp: { mqtt: t, type: number }
            outputs:
              vent: { mqtt: v, type: number, initial: 0 }
            rules:
              - name: hot
                when: temp > 25
                hold:
                  vent: clamp((temp - 25) * 10, 0, 100)
            """)
        rig.set("temp", .number(27), at: 1)
        XCTAssertEqual(rig.value("vent"), .number(20))
        rig.set("temp", .number(40), at: 2)
        XCTAssertEqual(rig.value("vent"), .number(100))
    }

    func testDelayRunsTheRestLaterAndSingleModeDropsTriggers() throws {
        var rig = try Rig("""
            inputs:
              door: { gpio: { chip: c, line: 1 } }
            outputs:
              siren: { gpio: { chip: c, line: 2 }, initial: off }
            rules:
              - name: alarm
                on: door.rise
                then:
                  - set: { siren: on }
                  - delay: 5s
                  - set: { siren: off }
            """)
        rig.set("door", .bool(true), at: 1_000)
        XCTAssertEqual(rig.value("siren"), .bool(true))
        rig.set("door", .bool(false), at: 2_000)
        rig.set("door", .bool(true), at: 3_000)
        XCTAssertEqual(rig.engine.droppedTriggers(rule: 0), 1, "single: a trigger during the run is dropped")
        rig.advance(to: 5_999)
        XCTAssertEqual(rig.value("siren"), .bool(true))
        rig.advance(to: 6_000)
        XCTAssertEqual(rig.value("siren"), .bool(false))
    }

    func testRestartModeStartsOver() throws {
        var rig = try Rig("""
            inputs:
              button: { gpio: { chip: c, line: 1 } }
            outputs:
              lamp: { gpio: { chip: c, line: 2 }, initial: off }
            rules:
              - name: stairs
                on: button.rise
                mode: restart
                then:
                  - set: { lamp: on }
                  - delay: 10s
                  - set: { lamp: off }
            """)
        rig.set("button", .bool(true), at: 0)
        rig.set("button", .bool(false), at: 1_000)
        rig.set("button", .bool(true), at: 8_000)
        rig.advance(to: 10_000)
        XCTAssertEqual(rig.value("lamp"), .bool(true), "restarted at 8s")
        rig.advance(to: 18_000)
        XCTAssertEqual(rig.value("lamp"), .bool(false))
    }

    func testQueueModeRunsTriggersInTurn() throws {
        var rig = try Rig("""
            inputs:
              button: { mqtt: b, type: number }
            outputs:
              lamp: { gpio: { chip: c, line: 2 }, initial: off }
            rules:
              - name: blink
                on: button.update
                mode: queue
                then:
                  - log: "blink {{ button }}"
                  - delay: 1s
            """)
        rig.set("button", .number(1), at: 0)
        rig.set("button", .number(2), at: 100)
        rig.set("button", .number(3), at: 200)
        XCTAssertEqual(rig.logs, [])
        rig.advance(to: 1_000)
        XCTAssertEqual(rig.logs, ["blink 3"], "the queued run sees its own instant")
    }

    func testPulseRestoresAndMinIntervalDelaysTheChange() throws {
        var rig = try Rig("""
            inputs:
              door: { gpio: { chip: c, line: 1 } }
            outputs:
              siren: { gpio: { chip: c, line: 2 }, initial: off }
              pump: { gpio: { chip: c, line: 3 }, initial: off, min_interval: 30s }
            rules:
              - name: alarm
                on: door.rise
                then:
                  - pulse: { siren: on, for: 3s }
                  - toggle: pump
            """)
        rig.set("door", .bool(true), at: 1_000)
        XCTAssertEqual(rig.value("siren"), .bool(true))
        XCTAssertEqual(rig.value("pump"), .bool(true), "the first change drives at once")
        rig.advance(to: 4_000)
        XCTAssertEqual(rig.value("siren"), .bool(false), "the pulse ended exactly at 4s")
        rig.set("door", .bool(false), at: 5_000)
        rig.set("door", .bool(true), at: 6_000)
        XCTAssertEqual(rig.value("pump"), .bool(true), "toggled back, but held by min_interval until 31s")
        rig.advance(to: 30_999)
        XCTAssertEqual(rig.value("pump"), .bool(true))
        rig.advance(to: 31_000)
        XCTAssertEqual(rig.value("pump"), .bool(false))
    }

    func testAWindowSampleLeavesExactlyAtItsTimePlusTheWidth() throws {
        var rig = try Rig(Self.climate + """
            vars:
              peak: max(temp, 10s)
            rules:
              - name: hot
                when: peak > 30
                hold: { fan: on }
            """)
        rig.set("temp", .number(35), at: 5_000)
        rig.set("temp", .number(20), at: 6_000)
        XCTAssertEqual(rig.value("fan"), .bool(true))
        rig.advance(to: 14_999)
        XCTAssertEqual(rig.value("fan"), .bool(true))
        rig.advance(to: 15_000)
        XCTAssertEqual(rig.value("peak"), .number(20), "the 35 left at 5s + 10s")
        XCTAssertEqual(rig.value("fan"), .bool(false))
    }

    func testSinceIsReEvaluatedExactlyWhenItCrossesItsLimit() throws {
        var rig = try Rig("""
            inputs:
              door: { gpio: { chip: c, line: 1 } }
            outputs:
              buzzer: { gpio: { chip: c, line: 2 }, initial: off }
            rules:
              - name: left-open
                when: door and door.since >= 30s
                hold: { buzzer: on }
            """)
        rig.set("door", .bool(true), at: 2_000)
        XCTAssertEqual(rig.engine.nextDeadline, 32_000)
        rig.advance(to: 31_999)
        XCTAssertEqual(rig.value("buzzer"), .bool(false))
        rig.advance(to: 32_000)
        XCTAssertEqual(rig.value("buzzer"), .bool(true))
    }

    func testTimersDueAtAnInstantRunBeforeInputsAtIt() throws {
        var rig = try Rig(Self.climate + """
            rules:
              - name: hot
                when: temp > 30
                for: 10s
                hold: { fan: on }
                then:
                  - log: "held at {{ temp }}"
            """)
        rig.set("temp", .number(31), at: 0)
        rig.set("temp", .number(20), at: 10_000)
        XCTAssertEqual(rig.logs, ["held at 31"], "the for clock fired first, then the update released it")
        XCTAssertEqual(rig.value("fan"), .bool(false))
        XCTAssertEqual(rig.drives, [.bool(true), .bool(false)])
    }

    func testEveryFiresAtStartPlusMultiplesOfItsPeriod() throws {
        var rig = try Rig(Self.climate + """
            rules:
              - name: tick
                on: every 10s
                then:
                  - log: "tick {{ now }}"
                  - set: { fan: on }
              - name: read
                when: temp > 100
                hold: { fan: off }
            """)
        XCTAssertEqual(rig.engine.nextDeadline, 10_000)
        rig.advance(to: 25_000)
        XCTAssertEqual(rig.logs, ["tick 1970-01-01T00:00:10+00:00", "tick 1970-01-01T00:00:20+00:00"])
    }

    func testStartupRulesRunAndAStartUpDriveIsOneChange() throws {
        let rig = try Rig(Self.climate + """
            rules:
              - name: boot
                on: startup
                then:
                  - set: { fan: on }
              - name: read
                when: temp > 100
                hold: { fan: off }
            """)
        XCTAssertEqual(rig.drives, [.bool(true)])
    }

    static let nightly = climate + """
        rules:
          - name: night
            on: at 02:30
            then:
              - log: "at {{ now }}"
              - set: { fan: on }
          - name: read
            when: temp > 100
            hold: { fan: off }
        """

    /// Berlin springs forward on 2026-03-29 at 01:00Z (02:00 → 03:00 local): `at 02:30` fires at the end of
    /// the gap; on 2026-10-25 02:30 happens twice and fires once, at the first (00:30Z).
    func testAtFollowsTheRuleSetsZoneAcrossDaylightSavingChanges() throws {
        let berlin = try TimeZoneLoader.load(name: "Europe/Berlin").get()
        let march28 = Int64(1_774_656_000_000)  // 2026-03-28T00:00:00Z
        var rig = try Rig(Self.nightly, start: march28, zone: berlin)
        rig.advance(to: march28 + 3 * 86_400_000)
        XCTAssertEqual(rig.logs, ["at 2026-03-28T02:30:00+01:00", "at 2026-03-29T03:00:00+02:00",
                                  "at 2026-03-30T02:30:00+02:00"], "one advance returns the effects of every instant")
        var spring = try Rig(Self.nightly, start: march28, zone: berlin)
        var seen: [String] = []
        while let next = spring.engine.nextDeadline, next < march28 + 3 * 86_400_000 {
            spring.advance(to: next)
            seen += spring.logs
        }
        XCTAssertEqual(seen, ["at 2026-03-28T02:30:00+01:00", "at 2026-03-29T03:00:00+02:00",
                              "at 2026-03-30T02:30:00+02:00"])
        let october24 = Int64(1_792_800_000_000)  // 2026-10-24T00:00:00Z
        var autumn = try Rig(Self.nightly, start: october24, zone: berlin)
        seen = []
        while let next = autumn.engine.nextDeadline, next < october24 + 3 * 86_400_000 {
            autumn.advance(to: next)
            seen += autumn.logs
        }
        XCTAssertEqual(seen, ["at 2026-10-24T02:30:00+02:00", "at 2026-10-25T02:30:00+02:00",
                              "at 2026-10-26T02:30:00+01:00"])
    }

    /// The compiler rejects rules that start each other in a cycle, so a run-time cascade is a long chain:
    /// 70 rules, each starting the next. It is cut after 64 runs; the next event starts a fresh count.
    func testACascadeIsStoppedAtTheLimitAndTheEngineGoesOn() throws {
        var text = """
            inputs:
              kick: { mqtt: k, type: number }
            outputs:
              lamp: { gpio: { chip: c, line: 1 }, initial: off }
            state:

            """
        for i in 0...70 { text += "  s\(i): { type: number, initial: 0 }\n" }
        text += "rules:\n  - name: show\n    when: kick > 5\n    hold: { lamp: on }\n"
        text += "  - name: r0\n    on: kick.update\n    then:\n      - set: { s0: kick }\n"
        for i in 1...70 {
            text += "  - name: r\(i)\n    on: s\(i - 1).change\n    then:\n      - set: { s\(i): s\(i - 1) }\n"
        }
        var rig = try Rig(text)
        rig.set("kick", .number(1), at: 1_000)
        XCTAssertEqual(rig.value("s63"), .number(1), "r0...r63: 64 runs, setting s0...s63")
        XCTAssertEqual(rig.value("s64"), .number(0), "the 65th run, r64, is stopped")
        XCTAssertTrue(rig.logs.contains { $0.contains("cascade stopped") }, "\(rig.logs)")
        rig.set("kick", .number(9), at: 2_000)
        XCTAssertEqual(rig.value("lamp"), .bool(true), "the next event is handled")
        XCTAssertEqual(rig.value("s62"), .number(9), "a fresh count: show's activation and r0...r62")
    }
}
