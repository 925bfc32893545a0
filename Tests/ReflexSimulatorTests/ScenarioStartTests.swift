import ReflexSimulator
import XCTest

/// ISO 8601 start times: the accepted forms, field limits, offsets, and where a mistake is reported.
final class ScenarioStartTests: XCTestCase {
    private func parse(_ text: String) -> ScenarioStart? {
        if case .success(let s) = ScenarioStart.parse(text) { return s }
        return nil
    }

    private func failure(_ text: String) -> ScenarioStart.Failure? {
        if case .failure(let f) = ScenarioStart.parse(text) { return f }
        return nil
    }

    func testALocalTimeKeepsItsCivilFieldsAndNoOffset() {
        XCTAssertEqual(parse("2026-07-01T14:00:00"),
                       ScenarioStart(year: 2026, month: 7, day: 1, hour: 14, minute: 0, second: 0))
        XCTAssertNil(parse("2026-07-01T14:00:00")?.epochMilliseconds)
    }

    func testFractionalSecondsAreMilliseconds() {
        XCTAssertEqual(parse("2026-07-01T14:00:00.5")?.millisecond, 500)
        XCTAssertEqual(parse("2026-07-01T14:00:00.05")?.millisecond, 50)
        XCTAssertEqual(parse("2026-07-01T14:00:00.123")?.millisecond, 123)
        XCTAssertEqual(failure("2026-07-01T14:00:00.1234")?.from, 23)
        XCTAssertEqual(failure("2026-07-01T14:00:00.")?.message, "expected a digit after '.' in the seconds")
    }

    func testLeapDays() {
        XCTAssertEqual(parse("2024-02-29T00:00:00")?.day, 29)
        XCTAssertEqual(parse("2000-02-29T00:00:00")?.day, 29)
        XCTAssertEqual(failure("1900-02-29T00:00:00")?.message, "1900 is not a leap year; February has 28 days")
        XCTAssertEqual(failure("2026-02-29T00:00:00")?.from, 8)
        XCTAssertEqual(failure("2026-04-31T00:00:00")?.message, "day must be 01 to 30 in this month, found 31")
    }

    func testHour24AndLeapSecondsAreRejected() {
        XCTAssertEqual(failure("2026-07-01T24:00:00")?.message,
                       "hour 24 is not allowed; write 00:00:00 of the next day")
        XCTAssertEqual(failure("2026-07-01T24:00:00")?.from, 11)
        XCTAssertEqual(failure("2026-12-31T23:59:60Z")?.message, "seconds must be 00 to 59, found 60")
        XCTAssertEqual(failure("2026-07-01T14:60:00")?.message, "minutes must be 00 to 59, found 60")
        XCTAssertEqual(failure("2026-00-01T14:00:00")?.message, "month must be 01 to 12, found 00")
    }

    func testOffsets() {
        XCTAssertEqual(parse("2026-07-01T14:00:00Z")?.offsetMinutes, 0)
        XCTAssertEqual(parse("2026-07-01T14:00:00+14:00")?.offsetMinutes, 840)
        XCTAssertEqual(parse("2026-07-01T14:00:00-14:00")?.offsetMinutes, -840)
        XCTAssertEqual(parse("2026-07-01T14:00:00-00:30")?.offsetMinutes, -30)
        XCTAssertEqual(parse("2026-07-01T14:00:00+05:45")?.offsetMinutes, 345)
        XCTAssertEqual(failure("2026-07-01T14:00:00+14:01")?.message, "offset must be within -14:00 to +14:00")
        XCTAssertEqual(failure("2026-07-01T14:00:00+01:60")?.message, "offset minutes must be 00 to 59, found 60")
        XCTAssertEqual(failure("2026-07-01T14:00:00+0100")?.from, 22)
        XCTAssertEqual(failure("2026-07-01T14:00:00+1")?.message,
                       "expected 2 digits for the offset's hours (±HH:MM), found the end")
        XCTAssertEqual(failure("2026-07-01T14:00:00z")?.message,
                       "unexpected 'z' after the time; an offset is 'Z' or ±HH:MM")
        XCTAssertEqual(failure("2026-07-01T14:00:00Z ")?.message, "unexpected ' ' after the offset")
    }

    func testInstantsWithAnOffset() {
        XCTAssertEqual(parse("1970-01-01T00:00:00Z")?.epochMilliseconds, 0)
        XCTAssertEqual(parse("1970-01-01T00:00:00.250+00:00")?.epochMilliseconds, 250)
        XCTAssertEqual(parse("2026-07-01T14:00:00+02:00")?.epochMilliseconds, 1_782_907_200_000)
        // 12:00 at -00:30 is 12:30 UTC.
        XCTAssertEqual(parse("2024-02-29T12:00:00-00:30")?.epochMilliseconds, 1_709_208_000_000 + 1_800_000)
        XCTAssertEqual(parse("1969-12-31T23:59:59Z")?.epochMilliseconds, -1000)
    }

    func testShapeMistakesPointAtTheCharacter() {
        XCTAssertEqual(failure("2026-07-01 14:00:00")?.from, 10)
        XCTAssertEqual(failure("2026-7-01T14:00:00")?.message, "expected 2 digits for the month, found '-'")
        XCTAssertEqual(failure("26-07-01T14:00:00")?.from, 2)
        XCTAssertEqual(failure("")?.message, "expected 4 digits for the year, found the end")
        XCTAssertEqual(failure("0000-01-01T00:00:00")?.message, "year must be 0001 or later")
    }
}
