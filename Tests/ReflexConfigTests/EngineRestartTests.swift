import Foundation
import ReflexConfig
import ReflexCore
import XCTest

/// SPEC "Restarts": a snapshot survives JSON, and a restarted engine puts it back with the start-up order of
/// Precise semantics 2 (late deadlines in deadline order, then the level rules, then `startup` rules).
final class EngineRestartTests: XCTestCase {
    static let rules = """
        reflex: 1
        inputs:
          button: { mqtt: b, type: bool }
          go: { mqtt: g, type: bool }
          alarm: { mqtt: a, type: bool }
          test: { mqtt: t, type: bool }
          level: { mqtt: l, type: number }
        outputs:
          fan: { gpio: { chip: c, line: 1 }, initial: off }
          siren: { gpio: { chip: c, line: 2 }, initial: off }
          vent: { mqtt: v, type: number, initial: 0, min_interval: 30s }
        state:
          occupied: { type: bool, initial: false }
          count: { type: number, initial: 0 }
        rules:
          - name: arm
            on: button.change
            then:
              - set: { occupied: button }
          - name: stay
            when: occupied
            for: 10m
            hold: { fan: on }
            then:
              - log: "staying"
          - name: later
            on: go.rise
            then:
              - delay: 5m
              - set: { count: count + 1 }
          - name: sound
            on: alarm.rise
            then:
              - set: { siren: on }
          - name: check
            on: test.rise
            then:
              - pulse: { siren: off, for: 1m }
              - log: "checked"
          - name: follow
            on: level.change
            then:
              - set: { vent: level }
          - name: counted
            on: count.change
            then:
              - log: "count {{ count }}"
          - name: boot
            on: startup
            then:
              - log: "up"

        """

    static let t0: Int64 = 1_774_738_800_000  // 2026-03-29T00:00:00+01:00
    static let minute: Int64 = 60_000

    static func program(_ text: String = rules) throws -> Program {
        let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: text, file: "t.yaml")
        return try XCTUnwrap(check.program, check.rendered())
    }

    /// An engine running the rule set from `t0`.
    typealias Run = EngineTests.Rig

    /// What the runtime keeps on disk: the snapshot through JSON and back, unchanged.
    func persisted(_ snapshot: EngineSnapshot, file: StaticString = #filePath, line: UInt = #line) throws
        -> EngineSnapshot
    {
        let data = try JSONEncoder().encode(snapshot)
        let back = try JSONDecoder().decode(EngineSnapshot.self, from: data)
        XCTAssertEqual(back, snapshot, "the snapshot survives JSON", file: file, line: line)
        return back
    }

    func testValuesEncodeAsReadableOneKeyObjects() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let values: [Value] = [.number(31.5), .bool(true), .string("x"), .none, .duration(60_000)]
        let text = String(decoding: try encoder.encode(values), as: UTF8.self)
        XCTAssertEqual(text, #"[{"number":31.5},{"bool":true},{"string":"x"},{"none":true},{"duration":60000}]"#)
        XCTAssertEqual(try JSONDecoder().decode([Value].self, from: Data(text.utf8)), values)
    }

    /// A `for: 10m` that ran 6 minutes, then a 1-minute stop: it completes 3 minutes after the restart, exactly
    /// at its original deadline.
    func testForClockCountsTheTimeBeforeTheRestart() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0, m = Self.minute
        before.set("button", .bool(true), at: t + m)
        let deadline = t + m + 10 * m
        before.advance(to: t + 7 * m)
        let snapshot = try persisted(before.engine.snapshot())
        XCTAssertEqual(snapshot.forClocks, [.init(rule: "stay", deadline: deadline)])

        var after = Run(program, start: t + 8 * m, restoring: snapshot)
        XCTAssertEqual(after.engine.droppedOnRestore, [])
        XCTAssertEqual(after.value("occupied"), .bool(true))
        XCTAssertEqual(after.value("fan"), .bool(false))
        after.advance(to: deadline - 1)
        XCTAssertEqual(after.value("fan"), .bool(false), "not a millisecond early")
        after.advance(to: deadline)
        XCTAssertEqual(after.value("fan"), .bool(true), "3 minutes after the restart, at the original deadline")
        XCTAssertEqual(after.drives, [.bool(true)])
    }

    static let sensor = """
        reflex: 1
        inputs:
          temp: { mqtt: t, type: number }
        outputs:
          fan: { gpio: { chip: c, line: 1 }, initial: off }
        rules:
          - name: hot
            when: temp > 30
            for: 10m
            hold: { fan: on }
        """

    /// A `for:` over an input (not kept across a restart) survives until the sensor's first reading after it:
    /// still hot, the clock completes at its original deadline; cooled, it stops; run out while down, the rule
    /// activates at the first reading that shows it still holds.
    func testForClockOverAnInputWaitsForTheInputsFirstReadingAfterTheRestart() throws {
        let program = try Self.program(Self.sensor)
        let t = Self.t0, m = Self.minute
        var before = Run(program, start: t)
        before.set("temp", .number(31), at: t)
        before.advance(to: t + 6 * m)
        let snapshot = try persisted(before.engine.snapshot())
        XCTAssertEqual(snapshot.forClocks, [.init(rule: "hot", deadline: t + 10 * m)])

        var hot = Run(program, start: t + 7 * m, restoring: snapshot)
        XCTAssertEqual(hot.value("temp"), .none, "inputs are not kept")
        hot.set("temp", .number(31.5), at: t + 7 * m + 10_000)
        hot.advance(to: t + 10 * m - 1)
        XCTAssertEqual(hot.value("fan"), .bool(false))
        hot.advance(to: t + 10 * m)
        XCTAssertEqual(hot.value("fan"), .bool(true), "6 min before the stop + 4 min after it: the original deadline")

        var cooled = Run(program, start: t + 7 * m, restoring: snapshot)
        cooled.set("temp", .number(25), at: t + 7 * m + 10_000)
        cooled.advance(to: t + 30 * m)
        XCTAssertEqual(cooled.value("fan"), .bool(false), "the first reading says it cooled: the clock stops")

        var late = Run(program, start: t + 12 * m, restoring: snapshot)
        XCTAssertEqual(late.value("fan"), .bool(false), "ran out while down, but nothing says it is still hot")
        late.set("temp", .number(31), at: t + 12 * m + 5_000)
        XCTAssertEqual(late.value("fan"), .bool(true), "the first reading shows it holds: active at once")
        XCTAssertEqual(late.drives, [.bool(true)])
    }

    func testForClockIsNotKeptWhenItsConditionNoLongerHolds() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0, m = Self.minute
        before.set("button", .bool(true), at: t + m)
        var snapshot = try persisted(before.engine.snapshot())
        let i = try XCTUnwrap(snapshot.states.firstIndex { $0.name == "occupied" })
        snapshot.states[i].value = .bool(false)

        var after = Run(program, start: t + 2 * m, restoring: snapshot)
        XCTAssertEqual(after.engine.droppedOnRestore, [], "a condition that fails drops the clock, not an entry")
        after.advance(to: t + 30 * m)
        XCTAssertEqual(after.value("fan"), .bool(false))
        XCTAssertEqual(after.drives, [])
    }

    /// An active level rule is active again without running `then` a second time; one whose condition no longer
    /// holds is released by the start-up evaluation.
    func testActiveRuleStaysActiveWithoutRunningThenAgain() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0, m = Self.minute
        before.set("button", .bool(true), at: t + m)
        before.advance(to: t + 11 * m)
        XCTAssertEqual(before.logs, ["staying"])
        let snapshot = try persisted(before.engine.snapshot())
        XCTAssertEqual(snapshot.active, ["stay"])

        let after = Run(program, start: t + 12 * m, restoring: snapshot)
        XCTAssertEqual(after.value("fan"), .bool(true))
        XCTAssertEqual(after.drives, [.bool(true)], "the hold is driven again at start-up")
        XCTAssertEqual(after.logs, ["up"], "no second `staying`")

        var released = snapshot
        released.states = released.states.map { $0.name == "occupied" ? .init(name: $0.name, value: .bool(false),
            previous: .bool(true), updated: $0.updated, changed: $0.changed) : $0 }
        let off = Run(program, start: t + 12 * m, restoring: released)
        XCTAssertEqual(off.value("fan"), .bool(false))
        XCTAssertEqual(off.drives, [])
    }

    func testDelayedRunResumesAtItsDeadline() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0, m = Self.minute
        before.set("go", .bool(true), at: t + 10_000)
        let snapshot = try persisted(before.engine.snapshot())
        XCTAssertEqual(snapshot.runs, [.init(rule: "later", list: .then, next: 1, resume: t + 10_000 + 5 * m)])

        var after = Run(program, start: t + 2 * m, restoring: snapshot)
        XCTAssertEqual(after.value("count"), .number(0))
        after.advance(to: t + 10_000 + 5 * m - 1)
        XCTAssertEqual(after.value("count"), .number(0))
        after.advance(to: t + 10_000 + 5 * m)
        XCTAssertEqual(after.value("count"), .number(1), "the rest of the list ran at the original deadline")
        XCTAssertEqual(after.logs, ["count 1"])
    }

    func testPulseRestoresThePriorWrittenValueAtItsEnd() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0
        before.set("alarm", .bool(true), at: t + 1_000)
        before.set("test", .bool(true), at: t + 10_000)
        XCTAssertEqual(before.value("siren"), .bool(false), "the pulse writes off over the written on")
        let snapshot = try persisted(before.engine.snapshot())
        XCTAssertEqual(snapshot.pulses, [.init(output: "siren", end: t + 70_000, restore: .bool(true), rule: "check")])

        var after = Run(program, start: t + 30_000, restoring: snapshot)
        XCTAssertEqual(after.value("siren"), .bool(false))
        after.advance(to: t + 69_999)
        XCTAssertEqual(after.value("siren"), .bool(false))
        after.advance(to: t + 70_000)
        XCTAssertEqual(after.value("siren"), .bool(true), "the written value before the pulse is back")
        // The run that owned the pulse is over with it: a new trigger starts one at once.
        after.set("test", .bool(false), at: t + 80_000)
        after.set("test", .bool(true), at: t + 81_000)
        XCTAssertEqual(after.logs, ["checked"])
    }

    /// Two deadlines that passed while the engine was down fire once each at start-up, in deadline order, before
    /// the level rules and `startup` rules, each traced late by how much.
    func testDeadlinesThatPassedWhileDownFireOnceAtStartUpInDeadlineOrder() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0, m = Self.minute
        before.set("go", .bool(true), at: t + 10_000)  // the delay ends at 5m10s
        before.set("alarm", .bool(true), at: t + 20_000)
        before.set("test", .bool(true), at: t + 30_000)  // the pulse ends at 1m30s
        let snapshot = try persisted(before.engine.snapshot())

        let restart = t + 10 * m
        let after = Run(program, start: restart, restoring: snapshot, tracing: true)
        var writer = TraceWriter(program: program, zone: .utc, start: restart)
        let lines = writer.lines(after.effects, at: restart).map {
            $0.replacingOccurrences(of: #"{"at":"0s","time":"2026-03-28T23:10:00.000+00:00","#, with: "{")
        }
        XCTAssertEqual(lines, [
            #"{"event":"start"}"#,
            #"{"event":"late","timer":"pulse","output":"siren","by":"8m30s"}"#,
            #"{"event":"timer","timer":"pulse","output":"siren"}"#,
            #"{"event":"drive","output":"siren","value":true}"#,
            #"{"event":"late","timer":"delay","rule":"later","by":"4m50s"}"#,
            #"{"event":"timer","timer":"delay","rule":"later"}"#,
            #"{"event":"set","signal":"count","value":1}"#,
            #"{"event":"run","rule":"counted","list":"then"}"#,
            #"{"event":"log","rule":"counted","message":"count 1"}"#,
            #"{"event":"run","rule":"boot","list":"then"}"#,
            #"{"event":"log","rule":"boot","message":"up"}"#,
        ])
        XCTAssertEqual(after.value("count"), .number(1))
        XCTAssertEqual(after.value("siren"), .bool(true))
        XCTAssertNil(after.engine.nextDeadline, "nothing fires a second time")
    }

    func testPendingMinIntervalValueIsDrivenAtItsDeadline() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0
        before.set("level", .number(40), at: t + 1_000)
        before.set("level", .number(60), at: t + 10_000)
        XCTAssertEqual(before.value("vent"), .number(40), "60 waits for the interval")
        let snapshot = try persisted(before.engine.snapshot())
        XCTAssertEqual(snapshot.changeLimits,
                       [.init(output: "vent", lastChange: t + 1_000, pending: .number(60), driven: .number(40))])

        var after = Run(program, start: t + 20_000, restoring: snapshot)
        XCTAssertEqual(after.drives, [], "the clock still runs: nothing is driven before it ends")
        after.advance(to: t + 30_999)
        XCTAssertEqual(after.drives, [])
        after.advance(to: t + 31_000)
        XCTAssertEqual(after.drives, [.number(60)])
        XCTAssertEqual(after.value("vent"), .number(60))
    }

    func testRestoredStateValuesFireNoTrigger() throws {
        let program = try Self.program()
        var snapshot = EngineSnapshot(taken: Self.t0)
        snapshot.states = [.init(name: "count", value: .number(5), previous: .number(4), updated: Self.t0 - 1_000,
                                 changed: Self.t0 - 1_000)]
        let after = Run(program, start: Self.t0 + 5_000, restoring: try persisted(snapshot), tracing: true)
        XCTAssertEqual(after.value("count"), .number(5))
        XCTAssertEqual(after.logs, ["up"], "no `count.change`: only the startup rule ran")
        XCTAssertEqual(after.engine.lastChange(after.slot("count")), Self.t0 - 1_000, "`.since` goes on")
        XCTAssertEqual(after.engine.previous(after.slot("count")), .number(4))
    }

    /// A reload that renamed a rule: its pending run has nothing to belong to; the entry is dropped and said so.
    func testEntriesOfRenamedRulesAreDroppedAndCounted() throws {
        var before = Run(try Self.program(), start: Self.t0)
        before.set("go", .bool(true), at: Self.t0 + 10_000)
        let snapshot = try persisted(before.engine.snapshot())

        let renamed = try Self.program(Self.rules.replacingOccurrences(of: "name: later", with: "name: afterwards"))
        var after = Run(renamed, start: Self.t0 + Self.minute, restoring: snapshot)
        XCTAssertEqual(after.engine.droppedOnRestore, ["run of rule 'later'"])
        after.advance(to: Self.t0 + 30 * Self.minute)
        XCTAssertEqual(after.value("count"), .number(0))
    }

    func testStepIndexPastTheListIsDropped() throws {
        var snapshot = EngineSnapshot(taken: Self.t0)
        snapshot.runs = [.init(rule: "later", list: .then, next: 7, resume: Self.t0 + 1_000),
                         .init(rule: "check", list: .then, next: 0, resume: Self.t0 + 1_000)]
        snapshot.states = [.init(name: "count", value: .string("x"), previous: .none, updated: 0, changed: 0)]
        let after = Run(try Self.program(), start: Self.t0, restoring: snapshot)
        XCTAssertEqual(after.engine.droppedOnRestore,
                       ["state 'count'", "run of rule 'later'", "run of rule 'check'"])
        XCTAssertEqual(after.value("count"), .number(0))
    }

    /// The trace of a restart, as a user reads it: late timers first, then the level rules, then `startup`.
    func testTraceOfARestartIsGolden() throws {
        let program = try Self.program()
        var before = Run(program, start: Self.t0)
        let t = Self.t0, m = Self.minute
        before.set("button", .bool(true), at: t + m)  // `stay` activates at 11m, after the restart
        before.set("go", .bool(true), at: t + 2 * m)  // the delay ends at 7m, while down
        before.set("alarm", .bool(true), at: t + 3 * m)
        before.set("level", .number(40), at: t + 4 * m)
        before.set("level", .number(70), at: t + 4 * m + 10_000)  // waits for 4m30s, while down
        before.set("test", .bool(true), at: t + 4 * m + 15_000)  // the pulse ends at 5m15s, while down
        before.advance(to: t + 4 * m + 20_000)
        let snapshot = try persisted(before.engine.snapshot())

        let restart = t + 8 * m
        let zone = try TimeZoneLoader.load(name: "Europe/Berlin").get()
        var after = Run(program, start: restart, restoring: snapshot, tracing: true)
        var writer = TraceWriter(program: program, zone: zone, start: restart)
        var lines = writer.lines(after.effects, at: restart)
        after.advance(to: t + 11 * m)
        lines += writer.lines(after.effects, at: t + 11 * m)
        after.set("button", .bool(false), at: t + 12 * m)
        lines += writer.lines(after.effects, at: t + 12 * m)
        let golden = Fixtures.directory.appendingPathComponent("trace/restart.expected")
        if let failure = Fixtures.compare(lines.joined(separator: "\n") + "\n", golden: golden) { XCTFail(failure) }
    }
}
