import XCTest

@testable import ReflexCore

/// POSIX TZ strings as TZif footers write them: each day form, offsets, quoted names, version 3 times.
final class TimeZoneFooterTests: XCTestCase {
    private func utc(_ y: Int64, _ m: Int, _ d: Int, _ h: Int64 = 0, _ min: Int64 = 0) -> Int64 {
        TimeZoneTestSupport.utc(y, m, d, h, min)
    }

    private func rules(_ text: String) throws -> TimeZoneRules { try TimeZoneRules(posixRule: text, name: text) }

    /// The changes of `text` in the given UTC year, with the offset after each.
    private func changes(_ text: String, in year: Int64) throws -> [String] {
        let rules = try rules(text)
        var out: [String] = []
        var cursor = utc(year, 1, 1) - 1
        while let next = rules.nextTransition(after: cursor), next < utc(year + 1, 1, 1) {
            let l = TimeZoneRules.utc.local(at: next)
            out.append("\(l.month)-\(l.day) \(l.hour):\(l.minute) \(rules.offset(at: next))")
            cursor = next
        }
        return out
    }

    func testFixedOffsets() throws {
        XCTAssertEqual(try rules("UTC0").offset(at: 0), 0)
        XCTAssertEqual(try rules("IST-5:30").offset(at: utc(2030, 6, 1)), 19_800)
        XCTAssertEqual(try rules("<+0330>-3:30").offset(at: 0), 12_600)
        XCTAssertEqual(try rules("<-03>3").offset(at: 0), -10_800)
        XCTAssertEqual(try rules("<-03>+3").offset(at: 0), -10_800)
        XCTAssertEqual(try rules("<+0545>-5:45:00").offset(at: 0), 20_700)
        XCTAssertEqual(try rules("LMT-0:53:28").offset(at: 0), 3_208)
        XCTAssertNil(try rules("IST-5:30").nextTransition(after: 0))
    }

    func testMonthWeekDayRules() throws {
        XCTAssertEqual(try changes("CET-1CEST,M3.5.0,M10.5.0/3", in: 2026), ["3-29 1:0 7200", "10-25 1:0 3600"])
        XCTAssertEqual(try changes("EST5EDT,M3.2.0,M11.1.0", in: 2026), ["3-8 7:0 -14400", "11-1 6:0 -18000"])
        // Week 5 is the last such weekday even when the month has only four.
        XCTAssertEqual(try changes("CET-1CEST,M2.5.0,M10.5.0/3", in: 2026), ["2-22 1:0 7200", "10-25 1:0 3600"])
        // Without rules, the US changes, as tzcode assumes.
        XCTAssertEqual(try changes("EST5EDT", in: 2026), ["3-8 7:0 -14400", "11-1 6:0 -18000"])
    }

    func testSouthernHemisphereAndExplicitDaylightOffsets() throws {
        let lordHowe = "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"
        XCTAssertEqual(try changes(lordHowe, in: 2026), ["4-4 15:0 37800", "10-3 15:30 39600"])
        let chatham = "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45"
        XCTAssertEqual(try changes(chatham, in: 2026), ["4-4 14:0 45900", "9-26 14:0 49500"])
        XCTAssertEqual(try rules(chatham).offset(at: utc(2026, 1, 1)), 49_500)
    }

    func testJulianAndZeroBasedDays() throws {
        // J60 is March 1 in every year; zero-based 59 is February 29 in a leap year, else March 1.
        XCTAssertEqual(try changes("EST5EDT,J60/2,J300/2", in: 2024), ["3-1 7:0 -14400", "10-27 6:0 -18000"])
        XCTAssertEqual(try changes("EST5EDT,J60/2,J300/2", in: 2025), ["3-1 7:0 -14400", "10-27 6:0 -18000"])
        XCTAssertEqual(try changes("EST5EDT,59/2,300", in: 2024), ["2-29 7:0 -14400", "10-27 6:0 -18000"])
        XCTAssertEqual(try changes("EST5EDT,59/2,300", in: 2025), ["3-1 7:0 -14400", "10-28 6:0 -18000"])
        XCTAssertEqual(try changes("EST5EDT,0,J365", in: 2025), ["1-1 7:0 -14400", "12-31 6:0 -18000"])
    }

    func testVersionThreeTimesBeforeMidnightAndPastADay() throws {
        // Greenland: from the Saturday before the last Sunday of March at 23:00 (-1) local time.
        XCTAssertEqual(try changes("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", in: 2026), ["3-29 1:0 -3600", "10-25 1:0 -7200"])
        // Israel: the fourth Thursday of March at 26:00 is Friday 02:00.
        XCTAssertEqual(try changes("IST-2IDT,M3.4.4/26,M10.5.0", in: 2026), ["3-27 0:0 10800", "10-24 23:0 7200"])
        // Daylight time all year: the end and the next start meet, and the offset never changes.
        let always = try rules("EST5EDT,0/0,J365/25")
        XCTAssertNil(always.nextTransition(after: utc(2026, 1, 1)))
        for instant in stride(from: utc(2024, 12, 31), to: utc(2025, 1, 3), by: 3_600_000) {
            XCTAssertEqual(always.offset(at: instant), -14_400)
        }
        XCTAssertEqual(try changes("XXX3:00:00YYY,M1.1.0/-167,M12.5.6/167:59:59", in: 2026).count, 2)
    }

    func testMalformedStringsThrow() {
        let bad = [
            "", "EST", "ES5", "5", "EST5EDT,", "EST5EDT,M3.2.0", "EST5EDT,M3.2.0,", "EST5EDT,M13.1.0,M11.1.0",
            "EST5EDT,M0.1.0,M11.1.0", "EST5EDT,M3.0.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0",
            "EST5EDT,J0,J300", "EST5EDT,J366,J300", "EST5EDT,366,300", "EST25", "EST5:60", "<EST5", "<E>5",
            "<E$T>5", "EST5 ", "EST5EDT,M3.2.0/168,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x", "EST5EDT4x", "EST-",
            "EST5ED", "EST5EDT,M3.2,M11.1.0", "EST99999999999999999999",
        ]
        for text in bad {
            XCTAssertThrowsError(try rules(text), text) { error in
                guard case .badFooter = error as? TimeZoneError else { return XCTFail("\(text): \(error)") }
            }
        }
    }

    func testFootersOfRealZonesAgreeWithTheirTables() throws {
        // Fat files list changes to 2037; the footer alone must give the same offsets over the table's years.
        for (zone, footer) in [
            ("Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"), ("America/New_York", "EST5EDT,M3.2.0,M11.1.0"),
            ("Australia/Lord_Howe", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"),
            ("Pacific/Chatham", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45"),
        ] {
            let table = try TimeZoneTestSupport.rules(zone)
            let rule = try rules(footer)
            for instant in stride(from: utc(2011, 1, 1), to: utc(2037, 1, 1), by: 3_600_000 * 7 + 60_000) {
                XCTAssertEqual(table.offset(at: instant), rule.offset(at: instant), "\(zone) \(instant)")
            }
        }
    }
}
