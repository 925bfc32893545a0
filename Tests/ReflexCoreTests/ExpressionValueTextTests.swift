import XCTest

@testable import ReflexCore

final class ExpressionValueTextTests: XCTestCase {
    func testNumbersPrintAsJavaScriptDoes() {
        let table: [(Double, String)] = [
            (0.1, "0.1"),
            (31, "31"),
            (31.5, "31.5"),
            (-0.0, "0"),
            (0, "0"),
            (-31.5, "-31.5"),
            (100, "100"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (1.2345678901234568e20, "123456789012345680000"),
            (0.000001, "0.000001"),
            (0.0000015, "0.0000015"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1 / 3, "0.3333333333333333"),
            (123.456, "123.456"),
            (1e20, "100000000000000000000"),
            (4 * Double.leastNonzeroMagnitude, "2e-323"),
            (Double.leastNonzeroMagnitude, "5e-324"),
            (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
            (Double(9_007_199_254_740_993 as Int64), "9007199254740992"),
            (1234567.0, "1234567"),
            (0.001, "0.001"),
            (-1e-7, "-1e-7"),
            (Double.nan, "NaN"),
            (Double.infinity, "Infinity"),
            (-Double.infinity, "-Infinity"),
        ]
        for (value, text) in table {
            XCTAssertEqual(ValueText.number(value), text, "\(value)")
        }
    }

    /// The quick path (the standard library's text when it has no exponent) agrees with placing the digits.
    func testTheQuickPathForNumbersAgreesWithPlacingTheDigits() {
        var state: UInt64 = 0x5EED
        for i in 0..<200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let d: Double = switch i % 3 {
            case 0: Double(bitPattern: state)
            case 1: Double(Int64(bitPattern: state) % 10_000_000) / 1000
            default: Double(Int64(bitPattern: state >> 11)) * (i % 2 == 0 ? 1e-12 : 1e3)
            }
            guard d.isFinite, d != 0 else { continue }
            XCTAssertEqual(ValueText.number(d), ValueText.numberFromDigits(d), "\(d)")
        }
    }

    func testFormatEachType() {
        XCTAssertEqual(ValueText.format(.none), "none")
        XCTAssertEqual(ValueText.format(.bool(true)), "on")
        XCTAssertEqual(ValueText.format(.bool(false)), "off")
        XCTAssertEqual(ValueText.format(.number(31.5)), "31.5")
        XCTAssertEqual(ValueText.format(.string("a \"b\"")), "a \"b\"")
        XCTAssertEqual(ValueText.format(.duration(90_000)), "1m30s")
        XCTAssertEqual(ValueText.format(.duration(-250)), "-250ms")
        XCTAssertEqual(ValueText.format(.timeOfDay(27_000_000)), "07:30")
        XCTAssertEqual(ValueText.format(.instant(1_782_907_200_000), utcOffset: 7200), "2026-07-01T14:00:00+02:00")
    }

    func testInstantsWithOffsets() {
        let noonUTC: Int64 = 1_782_907_200_000  // 2026-07-01T12:00:00Z
        XCTAssertEqual(ValueText.instant(noonUTC, utcOffset: 7200), "2026-07-01T14:00:00+02:00")
        XCTAssertEqual(ValueText.instant(noonUTC, utcOffset: -(5 * 3600 + 30 * 60)), "2026-07-01T06:30:00-05:30")
        XCTAssertEqual(ValueText.instant(noonUTC, utcOffset: 0), "2026-07-01T12:00:00+00:00")
        XCTAssertEqual(ValueText.instant(noonUTC + 250, utcOffset: 0), "2026-07-01T12:00:00.250+00:00")
        XCTAssertEqual(ValueText.instant(noonUTC + 7, utcOffset: 0), "2026-07-01T12:00:00.007+00:00")
        XCTAssertEqual(ValueText.instant(noonUTC, utcOffset: 13 * 3600), "2026-07-02T01:00:00+13:00")
        XCTAssertEqual(ValueText.instant(noonUTC, utcOffset: -12 * 3600 - 1), "2026-06-30T23:59:59-12:00:01")
        XCTAssertEqual(ValueText.instant(0, utcOffset: 0), "1970-01-01T00:00:00+00:00")
        XCTAssertEqual(ValueText.instant(-1, utcOffset: 0), "1969-12-31T23:59:59.999+00:00")
        XCTAssertEqual(ValueText.instant(951_782_400_000, utcOffset: 0), "2000-02-29T00:00:00+00:00")
        XCTAssertEqual(ValueText.instant(4_107_542_400_000, utcOffset: 0), "2100-03-01T00:00:00+00:00")
        XCTAssertEqual(ValueText.instant(-62_135_596_800_000, utcOffset: 0), "0001-01-01T00:00:00+00:00")
    }

    func testCivilDatesAgreeWithADayByDayCount() {
        // Walk day by day from 1600-03-01 to 2400-03-01 and compare with a simple calendar.
        var year: Int64 = 1600
        var month = 3
        var day = 1
        var days: Int64 = -135_080  // 1600-03-01
        func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        while year < 2400 {
            let date = CivilTime.date(days: days)
            if date.year != year || date.month != month || date.day != day {
                return XCTFail("day \(days): \(date) instead of \(year)-\(month)-\(day)")
            }
            days += 1
            day += 1
            let length = month == 2 && isLeap(year) ? 29 : lengths[month - 1]
            if day > length {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        }
        XCTAssertEqual(CivilTime.weekday(local: 0), 3)  // a Thursday
    }

    func testJSONLiterals() {
        XCTAssertEqual(ValueText.json(.bool(true)), "true")
        XCTAssertEqual(ValueText.json(.bool(false)), "false")
        XCTAssertEqual(ValueText.json(.number(31.5)), "31.5")
        XCTAssertEqual(ValueText.json(.number(-0.0)), "0")
        XCTAssertEqual(ValueText.json(.number(1e21)), "1e+21")
        XCTAssertEqual(ValueText.json(.number(.nan)), "null")
        XCTAssertEqual(ValueText.json(.none), "null")
        XCTAssertEqual(ValueText.json(.string("text")), #""text""#)
        XCTAssertEqual(
            ValueText.json(.string("quote \" backslash \\ newline \n tab \t cr \r bell \u{7} °C")),
            #""quote \" backslash \\ newline \n tab \t cr \r bell \u0007 °C""#)
        XCTAssertEqual(ValueText.json(.duration(90_000)), #""1m30s""#)
        XCTAssertEqual(ValueText.json(.timeOfDay(79_200_000)), #""22:00""#)
        XCTAssertEqual(ValueText.json(.instant(0), utcOffset: 3600), #""1970-01-01T01:00:00+01:00""#)
    }
}
