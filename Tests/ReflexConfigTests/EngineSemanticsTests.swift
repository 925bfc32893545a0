import ReflexConfig
import ReflexCore
import XCTest

/// SPEC §1 semantics at engine level that `EngineTests` does not pin: time of day in a rule across midnight
/// and DST, stale limits, `none`, releases cancelling pending runs, full queues, `.update`, toggles.
final class EngineSemanticsTests: XCTestCase {
    typealias Rig = EngineTests.Rig

    static let night = """
        timezone: Europe/Berlin
        outputs:
          light: { gpio: { chip: c, line: 1 }, initial: off }
        rules:
          - name: night
            when: time_between(22:00, 06:00)
            hold: { light: on }
        """

    /// Flips at exactly 22:00:00.000 and 06:00:00.000 local time: across midnight, on the nights Berlin
    /// leaves summer time (06:00 is then 05:00Z, not 04:00Z) and enters it (04:00Z, not 05:00Z).
    func testTimeBetweenFlipsAtExactlyItsBoundariesAcrossMidnightAndDaylightSaving() throws {
        let berlin = try TimeZoneLoader.load(name: "Europe/Berlin").get()
        let nights: [(start: Int64, dusk: Int64, dawn: Int64, what: String)] = [
            (1_792_843_200_000, 1_792_872_000_000, 1_792_904_400_000, "2026-10-24/25, summer time ends"),
            (1_774_699_200_000, 1_774_731_600_000, 1_774_756_800_000, "2026-03-28/29, summer time begins"),
        ]
        for n in nights {
            var rig = try Rig(Self.night, start: n.start, zone: berlin)
            XCTAssertEqual(rig.value("light"), .bool(false), n.what)
            XCTAssertEqual(rig.engine.nextDeadline, n.dusk, "\(n.what): the re-check is set for 22:00 exactly")
            rig.advance(to: n.dusk - 1)
            XCTAssertEqual(rig.value("light"), .bool(false), "\(n.what): not at 21:59:59.999")
            rig.advance(to: n.dusk)
            XCTAssertEqual(rig.value("light"), .bool(true), "\(n.what): on at 22:00:00.000")
            XCTAssertEqual(rig.engine.nextDeadline, n.dawn, "\(n.what): the next re-check is 06:00 local")
            rig.advance(to: n.dawn - 1)
            XCTAssertEqual(rig.value("light"), .bool(true), "\(n.what): still on at 05:59:59.999")
            rig.advance(to: n.dawn)
            XCTAssertEqual(rig.value("light"), .bool(false), "\(n.what): off at 06:00:00.000")
        }
    }

    static let sensor = """
        inputs:
          temp: { mqtt: t, type: number, stale: 5m }
        outputs:
          alarm: { gpio: { chip: c, line: 1 }, initial: off }
        rules:
          - name: silent
            when: temp.stale
            hold: { alarm: on }

        """

    /// Stale at age ≥ the limit; a never-updated input from start + limit; an update makes it fresh again.
    func testStaleIsTrueAtExactlyTheLimitAndFromStartForAnInputNeverUpdated() throws {
        var rig = try Rig(Self.sensor)
        rig.advance(to: 299_999)
        XCTAssertEqual(rig.value("alarm"), .bool(false))
        rig.advance(to: 300_000)
        XCTAssertEqual(rig.value("alarm"), .bool(true), "never updated: stale from start + 5m")
        rig.set("temp", .number(20), at: 400_000)
        XCTAssertEqual(rig.value("alarm"), .bool(false), "an update makes it fresh")
        rig.advance(to: 699_999)
        XCTAssertEqual(rig.value("alarm"), .bool(false))
        rig.advance(to: 700_000)
        XCTAssertEqual(rig.value("alarm"), .bool(true), "stale at exactly 5m after the last update")
    }

    /// `none`: arithmetic gives none, a comparison with none is false, a `when` of none counts as false;
    /// `.previous` is the value before the last change.
    func testNoneIsFalseInConditionsAndPreviousIsTheValueBeforeTheLastChange() throws {
        var rig = try Rig("""
            inputs:
              a: { mqtt: a, type: number }
              b: { mqtt: b, type: number }
            outputs:
              high: { gpio: { chip: c, line: 1 }, initial: off }
              low: { gpio: { chip: c, line: 2 }, initial: off }
            state:
              last: { type: number, initial: 0 }
            rules:
              - name: high
                when: a + b > 10
                hold: { high: on }
              - name: low
                when: not (a + b > 10)
                hold: { low: on }
              - name: remember
                on: a.change
                then:
                  - set: { last: a.previous }
            """)
        XCTAssertEqual(rig.value("high"), .bool(false), "none + none > 10 is false")
        XCTAssertEqual(rig.value("low"), .bool(true), "not false: true")
        rig.set("a", .number(20), at: 1_000)
        XCTAssertEqual(rig.value("high"), .bool(false), "20 + none is none; none > 10 is false")
        rig.set("b", .number(1), at: 2_000)
        XCTAssertEqual(rig.value("high"), .bool(true))
        XCTAssertEqual(rig.value("low"), .bool(false))
        rig.set("a", .number(3), at: 3_000)
        XCTAssertEqual(rig.value("last"), .number(20), ".previous of a, at its change from 20 to 3")
    }

    /// A release cancels the rule's pending `then` (its delay never ends) and runs `else`; activation again
    /// cancels a pending `else`.
    func testAReleaseCancelsThePendingThenAndActivationCancelsThePendingElse() throws {
        var rig = try Rig("""
            inputs:
              door: { gpio: { chip: c, line: 1 } }
            outputs:
              siren: { gpio: { chip: c, line: 2 }, initial: off }
              lamp: { gpio: { chip: c, line: 3 }, initial: off }
            rules:
              - name: open
                when: door
                then:
                  - delay: 30s
                  - set: { siren: on }
                else:
                  - delay: 1m
                  - set: { lamp: off }
              - name: light
                on: door.rise
                then:
                  - set: { lamp: on }
            """)
        rig.set("door", .bool(true), at: 1_000)
        XCTAssertEqual(rig.value("lamp"), .bool(true))
        rig.set("door", .bool(false), at: 20_000)
        rig.advance(to: 40_000)
        XCTAssertEqual(rig.value("siren"), .bool(false), "the release at 20s cancelled the delayed siren")
        rig.set("door", .bool(true), at: 50_000)
        rig.advance(to: 79_999)
        XCTAssertEqual(rig.value("siren"), .bool(false))
        rig.advance(to: 80_000)
        XCTAssertEqual(rig.value("siren"), .bool(true), "the new activation's delay ran its full 30s")
        XCTAssertEqual(rig.value("lamp"), .bool(true), "the else run (lamp off at 1m20s) was cancelled")
    }

    /// `queue` keeps at most 10 waiting triggers; more are dropped and counted. `.update` fires on the same
    /// value too; `toggle` flips.
    func testAFullQueueDropsAndCountsAndUpdateFiresOnTheSameValue() throws {
        var rig = try Rig("""
            inputs:
              press: { mqtt: p, type: number }
            outputs:
              lamp: { gpio: { chip: c, line: 1 }, initial: off }
            state:
              done: { type: number, initial: 0 }
            rules:
              - name: each
                on: press.update
                mode: queue
                then:
                  - toggle: lamp
                  - delay: 1s
                  - set: { done: done + 1 }
            """)
        for i in 0..<15 { rig.set("press", .number(1), at: 1_000 + Int64(i)) }
        XCTAssertEqual(rig.value("lamp"), .bool(true), "the first run toggled the lamp")
        XCTAssertEqual(rig.engine.droppedTriggers(rule: 0), 4, "1 running + 10 waiting; 4 of 15 dropped")
        rig.advance(to: 100_000)
        XCTAssertEqual(rig.value("done"), .number(11), "every run kept went to its end, one after the other")
        XCTAssertEqual(rig.value("lamp"), .bool(true), "11 toggles from off")
    }

    /// A var that changes with time alone is computed again exactly when it can change, and what reads it
    /// follows: `.age` of an input, the hour, a time window.
    func testVarsThatChangeWithTimeAloneFlipAtTheirExactInstants() throws {
        let berlin = try TimeZoneLoader.load(name: "Europe/Berlin").get()
        let start: Int64 = 1_768_244_340_000  // 2026-01-12T19:59:00+01:00
        var rig = try Rig("""
            timezone: Europe/Berlin
            inputs:
              x: { mqtt: x, type: number }
            outputs:
              lamp: { gpio: { chip: c, line: 1 }, initial: off }
              quiet: { gpio: { chip: c, line: 2 }, initial: off }
            vars:
              night: time_between(20:00, 06:00)
              late: hour >= 20
              old: x.age >= 30s
            rules:
              - name: evening
                when: night and late
                hold: { lamp: on }
              - name: silent
                when: old
                hold: { quiet: on }
            """, start: start, zone: berlin)
        rig.set("x", .number(1), at: start)
        rig.advance(to: start + 29_999)
        XCTAssertEqual(rig.value("old"), .bool(false))
        rig.advance(to: start + 30_000)
        XCTAssertEqual(rig.value("old"), .bool(true), "x.age reaches 30s at exactly 30s")
        XCTAssertEqual(rig.value("quiet"), .bool(true), "and the rule reading the var follows")
        rig.set("x", .number(2), at: start + 40_000)
        XCTAssertEqual(rig.value("old"), .bool(false), "an update makes it young again")
        rig.advance(to: start + 59_999)
        XCTAssertEqual(rig.value("lamp"), .bool(false))
        XCTAssertEqual(rig.value("night"), .bool(false))
        rig.advance(to: start + 60_000)
        XCTAssertEqual(rig.value("night"), .bool(true), "20:00:00.000")
        XCTAssertEqual(rig.value("late"), .bool(true))
        XCTAssertEqual(rig.value("lamp"), .bool(true))
        XCTAssertEqual(rig.value("old"), .bool(false), "x was updated 20s ago")
        rig.advance(to: start + 70_000)
        XCTAssertEqual(rig.value("old"), .bool(true), "30s after the update at 40s")
    }

    /// Outputs are driven once a cascade settles, with what arbitration decided then: a low-priority hold
    /// that a higher one overrules a round later (through a state the same start-up wrote) drives nothing,
    /// not even for the length of a `min_interval`.
    func testAnOutputOverruledLaterInTheSameCascadeIsNeverDriven() throws {
        let rig = try Rig("""
            inputs:
              level: { mqtt: l, type: number, initial: 150 }
              tripped: { mqtt: tr, type: bool, initial: true }
            outputs:
              pump: { gpio: { chip: c, line: 2 }, initial: off, min_interval: 20s }
            state:
              locked: { type: bool, initial: false }
            rules:
              - name: pump-down
                when: level > 120
                hold: { pump: on }
              - name: trip
                when: tripped
                then:
                  - set: { locked: true }
              - name: lockout
                when: locked
                priority: 200
                hold: { pump: off }
            """)
        XCTAssertEqual(rig.drives, [], "start-up settles on off: nothing is driven")
        XCTAssertEqual(rig.value("pump"), .bool(false))
        XCTAssertNil(rig.engine.nextDeadline, "and no min_interval clock runs")
    }
}
