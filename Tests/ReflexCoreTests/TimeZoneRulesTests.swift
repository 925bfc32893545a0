import XCTest

@testable import ReflexCore

/// Exact change instants, local fields, and when daily times fire and `time_between` can flip.
final class TimeZoneRulesTests: XCTestCase {
    private let hour: Int64 = 3_600_000
    private let day: Int64 = 86_400_000
    private func utc(_ y: Int64, _ m: Int, _ d: Int, _ h: Int64 = 0, _ min: Int64 = 0) -> Int64 {
        TimeZoneTestSupport.utc(y, m, d, h, min)
    }

    func testBerlinChangesAtTheExactInstants() throws {
        let berlin = try TimeZoneTestSupport.rules("Europe/Berlin")
        let spring = utc(2026, 3, 29, 1)
        let autumn = utc(2026, 10, 25, 1)
        XCTAssertEqual(berlin.nextTransition(after: utc(2026, 1, 1)), spring)
        XCTAssertEqual(berlin.nextTransition(after: spring - 1), spring)
        XCTAssertEqual(berlin.nextTransition(after: spring), autumn)
        XCTAssertEqual(berlin.offset(at: spring - 1), 3600)
        XCTAssertEqual(berlin.offset(at: spring), 7200)
        XCTAssertEqual(berlin.offset(at: autumn - 1), 7200)
        XCTAssertEqual(berlin.offset(at: autumn), 3600)
        // Past the file's table: the footer's rule.
        XCTAssertEqual(berlin.nextTransition(after: utc(2199, 1, 1)), utc(2199, 3, 31, 1))
        XCTAssertEqual(TimeZoneRules.utc.nextTransition(after: 0), nil)
        XCTAssertEqual(try TimeZoneTestSupport.rules("Asia/Kolkata").nextTransition(after: utc(2000, 1, 1)), nil)
    }

    func testLocalFields() throws {
        let berlin = try TimeZoneTestSupport.rules("Europe/Berlin")
        let l = berlin.local(at: utc(2026, 3, 29, 1) + 1_234)  // 03:00:01.234 CEST, a Sunday
        XCTAssertEqual(
            [l.year, l.month, l.day, l.hour, l.minute, l.second, l.millisecond, l.weekday, l.utcOffset],
            [2026, 3, 29, 3, 0, 1, 234, 6, 7200])
        XCTAssertEqual(l.millisecondOfDay, 3 * hour + 1_234)
        let before = berlin.local(at: utc(2026, 3, 29, 1) - 1)  // 01:59:59.999 CET
        XCTAssertEqual([before.hour, before.minute, before.second, before.millisecond], [1, 59, 59, 999])
        let chatham = try TimeZoneTestSupport.rules("Pacific/Chatham").local(at: utc(2026, 6, 30, 12))
        XCTAssertEqual([chatham.day, chatham.hour, chatham.minute, chatham.weekday], [1, 0, 45, 2])  // Wed 1 July
        let old = TimeZoneRules.utc.local(at: -1)
        XCTAssertEqual([old.year, old.month, old.day, old.hour, old.weekday], [1969, 12, 31, 23, 2])
    }

    func testDailyTimeSkippedBySpringForwardFiresAtTheEndOfTheGap() throws {
        let berlin = try TimeZoneTestSupport.rules("Europe/Berlin")
        let twoThirty = 2 * hour + 30 * 60_000
        XCTAssertEqual(berlin.nextOccurrence(ofTimeOfDay: twoThirty, after: utc(2026, 3, 28, 12)), utc(2026, 3, 29, 1))
        XCTAssertEqual(
            berlin.nextOccurrence(ofTimeOfDay: twoThirty, after: utc(2026, 3, 29, 1)), utc(2026, 3, 30, 0, 30))
        // 02:00 itself is skipped too; 03:00 is the first instant after the gap as well.
        XCTAssertEqual(berlin.nextOccurrence(ofTimeOfDay: 2 * hour, after: utc(2026, 3, 28, 12)), utc(2026, 3, 29, 1))
        XCTAssertEqual(berlin.nextOccurrence(ofTimeOfDay: 3 * hour, after: utc(2026, 3, 28, 12)), utc(2026, 3, 29, 1))
        XCTAssertEqual(berlin.nextOccurrence(ofTimeOfDay: 1 * hour, after: utc(2026, 3, 28, 12)), utc(2026, 3, 29, 0))
    }

    func testDailyTimeRepeatedByFallBackFiresOnceAtItsFirstOccurrence() throws {
        let berlin = try TimeZoneTestSupport.rules("Europe/Berlin")
        let twoThirty = 2 * hour + 30 * 60_000
        let first = berlin.nextOccurrence(ofTimeOfDay: twoThirty, after: utc(2026, 10, 24, 12))
        XCTAssertEqual(first, utc(2026, 10, 25, 0, 30))  // 02:30 CEST
        XCTAssertEqual(berlin.nextOccurrence(ofTimeOfDay: twoThirty, after: first), utc(2026, 10, 26, 1, 30))
        // Asked during the repeated hour, after the first 02:30: the next day, not the second 02:30.
        XCTAssertEqual(
            berlin.nextOccurrence(ofTimeOfDay: twoThirty, after: utc(2026, 10, 25, 1)), utc(2026, 10, 26, 1, 30))
    }

    func testThirtyMinuteDaylightTimeOnLordHowe() throws {
        let lordHowe = try TimeZoneTestSupport.rules("Australia/Lord_Howe")
        // 2026-10-04 02:00 +10:30 -> 02:30 +11 (15:30Z the day before); 2026-04-05 02:00 +11 -> 01:30 +10:30.
        let spring = utc(2026, 10, 3, 15, 30)
        XCTAssertEqual(lordHowe.nextTransition(after: utc(2026, 9, 1)), spring)
        XCTAssertEqual(lordHowe.offset(at: spring - 1), 37_800)
        XCTAssertEqual(lordHowe.offset(at: spring), 39_600)
        let quarterPast = 2 * hour + 15 * 60_000
        XCTAssertEqual(lordHowe.nextOccurrence(ofTimeOfDay: quarterPast, after: utc(2026, 10, 3)), spring)
        let autumn = utc(2026, 4, 4, 15)
        XCTAssertEqual(lordHowe.nextTransition(after: utc(2026, 3, 1)), autumn)
        let firstQuarterToTwo = lordHowe.nextOccurrence(ofTimeOfDay: hour + 45 * 60_000, after: utc(2026, 4, 4))
        XCTAssertEqual(firstQuarterToTwo, autumn - 15 * 60_000)
        XCTAssertEqual(
            lordHowe.nextOccurrence(ofTimeOfDay: hour + 45 * 60_000, after: firstQuarterToTwo),
            firstQuarterToTwo + day + 30 * 60_000)
    }

    func testADaySkippedWholeFiresItsTimesAtTheEndOfTheGap() throws {
        // Samoa skipped 2011-12-30: 23:59:59.999 on the 29th (-10) was followed by 00:00 on the 31st (+14).
        let apia = try TimeZoneTestSupport.rules("Pacific/Apia")
        let gap = utc(2011, 12, 30, 10)
        XCTAssertEqual(apia.nextTransition(after: utc(2011, 12, 29)), gap)
        XCTAssertEqual(apia.nextOccurrence(ofTimeOfDay: 12 * hour, after: utc(2011, 12, 29, 23)), gap)
        XCTAssertEqual(apia.nextOccurrence(ofTimeOfDay: 12 * hour, after: gap), gap + 12 * hour)
        XCTAssertEqual(apia.nextOccurrence(ofTimeOfDay: 0, after: gap - 1), gap)
        XCTAssertEqual(apia.local(at: gap).day, 31)
    }

    /// Around every change from 2024 to 2030 in each zone, the firing instants of several daily times agree
    /// with the definition: the first instant the wall clock reads that time or later.
    func testOccurrencesAgreeWithTheDefinitionAroundEveryChange() throws {
        let times: [Int64] = [0, 90, 120, 135, 150, 165, 180, 1_410, 1_439].map { $0 * 60_000 }
        for zone in TimeZoneTestSupport.zones {
            let rules = try TimeZoneTestSupport.rules(zone)
            var probes: [Int64] = [utc(2024, 1, 1, 5, 17)]
            var cursor = utc(2024, 1, 1)
            while let change = rules.nextTransition(after: cursor), change < utc(2030, 1, 1) {
                probes += [change - 3 * hour, change - 1, change, change + 20 * 60_000 + 1]
                cursor = change
            }
            for instant in probes {
                for time in times {
                    let actual = rules.nextOccurrence(ofTimeOfDay: time, after: instant)
                    let localDay = CivilTime.floorDivide(instant + Int64(rules.offset(at: instant)) * 1000, day)
                    var expected = Int64.max
                    for date in localDay...(localDay + 2) {
                        // No zone here is ahead of UTC by 14 hours, so the wall clock reads less than W before W - 14h.
                        let wall = date * day + time
                        let firing = TimeZoneTestSupport.bruteFiring(rules, wall: wall, from: wall - 14 * hour)
                        if firing > instant { expected = min(expected, firing) }
                    }
                    XCTAssertEqual(actual, expected, "\(zone) \(time / 60_000) min after \(instant)")
                }
            }
        }
    }

    /// Stepping from boundary to boundary of `a` and `b` finds exactly the instants at which
    /// `time_between(a, b)` changes, by a minute-by-minute scan, across every change from 2024 to 2030.
    func testBoundariesFindEveryFlipOfTimeBetween() throws {
        let windows: [(Int64, Int64)] = [(120, 180), (135, 165), (150, 210), (1_320, 360), (0, 90), (60, 150)]
        func inside(_ rules: TimeZoneRules, _ t: Int64, _ a: Int64, _ b: Int64) -> Bool {
            let time = CivilTime.timeOfDay(local: t + Int64(rules.offset(at: t)) * 1000)
            return a < b ? (a <= time && time < b) : (time >= a || time < b)
        }
        for zone in TimeZoneTestSupport.zones {
            let rules = try TimeZoneTestSupport.rules(zone)
            var cursor = utc(2024, 1, 1)
            var starts: [Int64] = []
            while let change = rules.nextTransition(after: cursor), change < utc(2030, 1, 1) {
                starts.append(change - 5 * hour)
                cursor = change
            }
            for start in starts {
                for (a, b) in windows.map({ ($0.0 * 60_000, $0.1 * 60_000) }) {
                    var t = start
                    var scan = start
                    var value = inside(rules, start, a, b)
                    for _ in 0..<4 {  // the next four flips
                        var next = t
                        repeat {
                            next = min(
                                rules.nextBoundary(ofTimeOfDay: a, after: next),
                                rules.nextBoundary(ofTimeOfDay: b, after: next))
                        } while inside(rules, next, a, b) == value
                        repeat { scan += 60_000 } while inside(rules, scan, a, b) == value
                        XCTAssertEqual(next, scan, "\(zone) time_between(\(a / 60_000), \(b / 60_000)) after \(t)")
                        t = next
                        scan = next
                        value.toggle()
                    }
                }
            }
        }
    }

    func testBoundaryIncludesTheSecondReadingOfARepeatedTime() throws {
        let berlin = try TimeZoneTestSupport.rules("Europe/Berlin")
        let quarterPastTwo = 2 * hour + 15 * 60_000
        let first = berlin.nextBoundary(ofTimeOfDay: quarterPastTwo, after: utc(2026, 10, 24, 12))
        XCTAssertEqual(first, utc(2026, 10, 25, 0, 15))
        XCTAssertEqual(berlin.nextBoundary(ofTimeOfDay: quarterPastTwo, after: first), utc(2026, 10, 25, 1))
        XCTAssertEqual(
            berlin.nextBoundary(ofTimeOfDay: quarterPastTwo, after: utc(2026, 10, 25, 1)), utc(2026, 10, 25, 1, 15))
    }

    func testExtremeInstantsDoNotTrap() throws {
        let berlin = try TimeZoneTestSupport.rules("Europe/Berlin")
        for instant in [Int64.min, Int64.min + 1, -(1 << 62), 1 << 62, Int64.max - 1, Int64.max] {
            _ = berlin.offset(at: instant)
            _ = berlin.local(at: instant)
            _ = berlin.nextTransition(after: instant)
            let occurrence = berlin.nextOccurrence(ofTimeOfDay: 0, after: instant)
            let boundary = berlin.nextBoundary(ofTimeOfDay: -5, after: instant)
            if instant < Int64.max {
                XCTAssertGreaterThan(occurrence, instant)
                XCTAssertGreaterThan(boundary, instant)
            }
        }
    }
}
